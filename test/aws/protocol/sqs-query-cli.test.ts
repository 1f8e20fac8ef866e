// SQS over the query protocol, with the Debian AWS CLI v2.9 as the oracle: its (query-era)
// botocore writes Action=SendMessage&MessageAttribute.1.Name=... form bodies and parses our XML.
// A throwaway HTTP server on 127.0.0.1 runs each request through protocol detection, parsing
// and serialization against the sqs model, exactly as the edge will.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { ServiceError } from "../../../src/aws/errors.js";
import { parseQueryString, type HttpRequest } from "../../../src/aws/http.js";
import { detectProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { bodyText, InProcessService } from "./sdk-harness.js";

const CLI = "/usr/bin/aws";
const skip = existsSync(CLI) ? false : "the Debian AWS CLI (/usr/bin/aws) is not installed";
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("SQS query protocol with the Debian AWS CLI", { skip }, () => {
  const spec = loadServiceSpec("sqs");
  let service: InProcessService;
  let server: Server;
  let endpoint = "";

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = req.url ?? "/";
        const q = url.indexOf("?");
        const rawQuery = q < 0 ? "" : url.slice(q + 1);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        const request: HttpRequest = { method: req.method ?? "GET", path: q < 0 ? url : url.slice(0, q), rawQuery, query: parseQueryString(rawQuery), headers, body: Buffer.concat(chunks) };
        // The service's protocol is picked per request, as the edge does for SQS.
        const protocolService = new InProcessService(spec, detectProtocol(spec, request));
        protocolService.handler = service.handler;
        protocolService
          .answer(request)
          .then(async (answer) => {
            service.requests.push(request);
            service.inputs.push(...protocolService.inputs);
            service.responses.push(answer);
            res.writeHead(answer.status, answer.headers);
            res.end(await bodyText(answer));
          })
          .catch((e: unknown) => {
            res.writeHead(599);
            res.end(String(e));
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: process.env["HOME"] ?? "/tmp",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_MAX_ATTEMPTS: "1",
    };
    return new Promise((resolve) => {
      execFile(CLI, ["--endpoint-url", endpoint, "--output", "json", ...args], { env, timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      });
    });
  }

  const queueUrl = () => `${endpoint}/000000000000/q`;

  it("parses send-message's form body and answers the SQS SendMessageResponse shape", async () => {
    service = new InProcessService(spec, detectProtocol(spec, { method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) }));
    const messageBody = "hello & <world>";
    service.handler = () => ({ MessageId: "5fea7756-0ea4-451a-a703-a558b933e274", MD5OfMessageBody: md5(messageBody) });
    const run = await aws(
      "sqs",
      "send-message",
      "--queue-url",
      queueUrl(),
      "--message-body",
      messageBody,
      "--delay-seconds",
      "5",
      "--message-attributes",
      '{"city":{"DataType":"String","StringValue":"Any City"},"n":{"DataType":"Number","StringValue":"7"}}',
    );
    assert.equal(run.code, 0, run.stderr);
    const form = service.requests[0]!.body.toString();
    assert.match(form, /^Action=SendMessage&Version=2012-11-05&/);
    assert.match(form, /&MessageAttribute\.1\.Name=city&MessageAttribute\.1\.Value\.DataType=String&MessageAttribute\.1\.Value\.StringValue=Any\+City&/);
    assert.deepEqual(service.inputs[0], {
      operation: "SendMessage",
      input: {
        QueueUrl: queueUrl(),
        MessageBody: messageBody,
        DelaySeconds: 5,
        MessageAttributes: { city: { DataType: "String", StringValue: "Any City" }, n: { DataType: "Number", StringValue: "7" } },
      },
    });
    const res = service.responses[0]!;
    assert.equal(res.headers["Content-Type"], "text/xml");
    // The element layout of the SendMessage sample response in the SQS API reference.
    assert.equal(
      await bodyText(res),
      '<SendMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><SendMessageResult>' +
        `<MD5OfMessageBody>${md5(messageBody)}</MD5OfMessageBody><MessageId>5fea7756-0ea4-451a-a703-a558b933e274</MessageId>` +
        `</SendMessageResult><ResponseMetadata><RequestId>${service.requestId}</RequestId></ResponseMetadata></SendMessageResponse>`,
    );
    assert.deepEqual(JSON.parse(run.stdout), { MD5OfMessageBody: md5(messageBody), MessageId: "5fea7756-0ea4-451a-a703-a558b933e274" });
  });

  it("writes receive-message's flattened Message, Attribute and MessageAttribute elements the CLI reads", async () => {
    service = new InProcessService(spec, detectProtocol(spec, { method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) }));
    const message = {
      MessageId: "m1",
      ReceiptHandle: "rh+1/=",
      MD5OfBody: md5("body"),
      Body: "body",
      Attributes: { SentTimestamp: "1700000000000", ApproximateReceiveCount: "2" },
      MessageAttributes: { city: { StringValue: "Any City", DataType: "String" } },
    };
    service.handler = () => ({ Messages: [message, { ...message, MessageId: "m2", MessageAttributes: undefined }] });
    const run = await aws("sqs", "receive-message", "--queue-url", queueUrl(), "--attribute-names", "All", "--message-attribute-names", "All", "--max-number-of-messages", "10");
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(service.inputs[0]!.input, { QueueUrl: queueUrl(), AttributeNames: ["All"], MessageAttributeNames: ["All"], MaxNumberOfMessages: 10 });
    const xml = await bodyText(service.responses[0]!);
    assert.match(xml, /<ReceiveMessageResult><Message><MessageId>m1<\/MessageId>/);
    assert.match(xml, /<Attribute><Name>SentTimestamp<\/Name><Value>1700000000000<\/Value><\/Attribute>/);
    assert.match(xml, /<MessageAttribute><Name>city<\/Name><Value><StringValue>Any City<\/StringValue><DataType>String<\/DataType><\/Value><\/MessageAttribute>/);
    const { MessageAttributes: _omitted, ...second } = { ...message, MessageId: "m2" };
    assert.deepEqual(JSON.parse(run.stdout), { Messages: [message, second] });
  });

  it("answers a modelled error with the query error code the CLI reports", async () => {
    service = new InProcessService(spec, detectProtocol(spec, { method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) }));
    service.handler = () => {
      throw new ServiceError("QueueDoesNotExist", "The specified queue does not exist for this wsdl version.");
    };
    const run = await aws("sqs", "get-queue-url", "--queue-name", "nope");
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /An error occurred \(AWS\.SimpleQueueService\.NonExistentQueue\) when calling the GetQueueUrl operation( \(reached max retries: 0\))?: The specified queue does not exist for this wsdl version\./);
    const res = service.responses[0]!;
    assert.equal(res.status, 400);
    assert.equal(
      await bodyText(res),
      '<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>' +
        `<Message>The specified queue does not exist for this wsdl version.</Message></Error><RequestId>${service.requestId}</RequestId></ErrorResponse>`,
    );
  });
});
