// End to end through real AWS SDK v3 clients: each client signs and sends its request over HTTP
// to a local server, which builds the HttpRequest as the edge does (raw path and query, Node's
// headers and raw header lines, the body) and verifies it. This covers what the wire does to a
// request (path escaping by the serializers, Node's header handling, aws-chunked S3 uploads).
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { parseQueryString, type HttpRequest } from "../../../src/aws/http.js";
import { parseSigV4, verifySigV4, type SigV4Dialect } from "../../../src/aws/sigv4/index.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const region = "eu-west-3";

let server: Server;
let endpoint: string;
const received: HttpRequest[] = [];

function toHttpRequest(message: IncomingMessage, body: Buffer): HttpRequest {
  const url = message.url ?? "/";
  const question = url.indexOf("?");
  const rawQuery = question < 0 ? "" : url.slice(question + 1);
  return {
    method: message.method ?? "GET",
    path: question < 0 ? url : url.slice(0, question),
    rawQuery,
    query: parseQueryString(rawQuery),
    headers: message.headers as Record<string, string>,
    rawHeaders: message.rawHeaders,
    body,
  };
}

before(async () => {
  server = createServer((message, response) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => {
      received.push(toHttpRequest(message, Buffer.concat(chunks)));
      // A client error that no SDK retries; the tests only look at what was sent.
      response.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
      response.end('{"__type":"ValidationException","message":"captured"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function capture(send: () => Promise<unknown>): Promise<HttpRequest> {
  const before = received.length;
  await send().catch(() => undefined);
  assert.equal(received.length, before + 1, "the client sent one request");
  return received[received.length - 1]!;
}

function assertVerifies(req: HttpRequest, service: string, dialect: SigV4Dialect) {
  const sig = parseSigV4(req);
  assert.ok(sig, "signed");
  assert.equal(sig.scope.service, service);
  assert.equal(sig.scope.region, region);
  verifySigV4(req, sig, credentials.secretAccessKey, Date.now(), { dialect, expectedService: service });
  // And the same request with one byte of the signature changed does not.
  const flipped = sig.signature.slice(0, -1) + (sig.signature.endsWith("0") ? "1" : "0");
  assert.throws(() => verifySigV4(req, { ...sig, signature: flipped }, credentials.secretAccessKey, Date.now(), { dialect }));
}

const common = () => ({ region, endpoint, credentials, maxAttempts: 1 });

test("STS (query protocol): GetCallerIdentity", async () => {
  const req = await capture(() => new STSClient(common()).send(new GetCallerIdentityCommand({})));
  assertVerifies(req, "sts", "query");
});

test("DynamoDB (JSON protocol): ListTables", async () => {
  const req = await capture(() => new DynamoDBClient(common()).send(new ListTablesCommand({ Limit: 5 })));
  assertVerifies(req, "dynamodb", "json");
});

test("SQS (JSON protocol): SendMessage with a body of many characters", async () => {
  const req = await capture(() =>
    new SQSClient(common()).send(
      new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, MessageBody: "héllo ሴ 😀 \t  spaced  " }),
    ),
  );
  assertVerifies(req, "sqs", "json");
});

test("Lambda (REST-JSON): Invoke a function by ARN, whose ':' the serializer escapes in the path", async () => {
  const req = await capture(() =>
    new LambdaClient(common()).send(
      new InvokeCommand({ FunctionName: "arn:aws:lambda:eu-west-3:000000000000:function:my-fn:live", Payload: Buffer.from('{"a":1}') }),
    ),
  );
  assert.match(req.path, /%3A/);
  assertVerifies(req, "lambda", "json");
});

test("S3 (REST-XML): PutObject and GetObject with a key of spaces, unicode and reserved characters", async () => {
  const s3 = new S3Client({ ...common(), forcePathStyle: true });
  const Key = "dir/sub dir/ключ ሴ+(1)!*'~=&.txt";
  const put = await capture(() => s3.send(new PutObjectCommand({ Bucket: "my-bucket", Key, Body: Buffer.from("hello world") })));
  assertVerifies(put, "s3", "s3");
  const get = await capture(() => s3.send(new GetObjectCommand({ Bucket: "my-bucket", Key, Range: "bytes=0-4" })));
  assertVerifies(get, "s3", "s3");
});

test("S3: a streamed upload signs a streaming payload (aws-chunked), accepted as the declared payload hash", async () => {
  const s3 = new S3Client({ ...common(), forcePathStyle: true });
  const put = await capture(() =>
    s3.send(new PutObjectCommand({ Bucket: "my-bucket", Key: "streamed", Body: Readable.from([Buffer.from("chunk one, "), Buffer.from("chunk two")]), ContentLength: 20 })),
  );
  assert.match(put.headers["x-amz-content-sha256"] ?? "", /^STREAMING-/);
  assertVerifies(put, "s3", "s3");
});
