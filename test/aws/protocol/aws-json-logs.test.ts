// awsJson1_1 round trips with the real CloudWatch Logs client.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CloudWatchLogsClient, GetLogEventsCommand, PutLogEventsCommand, ResourceNotFoundException, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ServiceError } from "../../../src/aws/errors.js";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { InProcessService, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

function logs() {
  const service = new InProcessService(loadServiceSpec("logs"), getProtocol("json"));
  const client = new CloudWatchLogsClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

describe("awsJson1_1 with CloudWatch Logs", () => {
  it("parses PutLogEvents (list of structures with epoch-millisecond longs) and answers in JSON 1.1", async () => {
    const { service, client } = logs();
    service.handler = () => ({ nextSequenceToken: "49590", rejectedLogEventsInfo: { tooOldLogEventEndIndex: 1 } });
    const params = {
      logGroupName: "/aws/lambda/fn",
      logStreamName: "2024/01/01/[$LATEST]abc",
      logEvents: [
        { timestamp: 1704067200000, message: "START RequestId: 1" },
        { timestamp: 1704067200123, message: 'line with "quotes" and \u2603' },
      ],
    };
    const out = await client.send(new PutLogEventsCommand(params));
    const req = service.requests[0]!;
    assert.equal(req.headers["x-amz-target"], "Logs_20140328.PutLogEvents");
    assert.equal(req.headers["content-type"], "application/x-amz-json-1.1");
    assert.deepEqual(service.lastInput, params);
    assert.equal(out.nextSequenceToken, "49590");
    assert.deepEqual(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1 });
    assert.equal(service.responses[0]!.headers["Content-Type"], "application/x-amz-json-1.1");
  });

  it("round-trips GetLogEvents with booleans, numbers and tokens", async () => {
    const { service, client } = logs();
    const events = [
      { timestamp: 1704067200000, message: "a", ingestionTime: 1704067200500 },
      { timestamp: 1704067201000, message: "b", ingestionTime: 1704067201500 },
    ];
    service.handler = () => ({ events, nextForwardToken: "f/1", nextBackwardToken: "b/1" });
    const params = { logGroupName: "g", logStreamName: "s", startTime: 0, endTime: 1704067300000, startFromHead: true, limit: 100, unmask: false };
    const out = await client.send(new GetLogEventsCommand(params));
    assert.deepEqual(service.lastInput, params);
    assert.deepEqual(out.events, events);
    assert.equal(out.nextForwardToken, "f/1");
    assert.equal(out.nextBackwardToken, "b/1");
  });

  it("answers an empty input shape and writes plain __type errors", async () => {
    const { service, client } = logs();
    service.handler = () => {
      throw new ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
    };
    const err = await client.send(new DescribeLogGroupsCommand({})).catch((e: unknown) => e);
    assert.deepEqual(service.lastInput, {});
    assert.ok(err instanceof ResourceNotFoundException);
    assert.equal(err.message, "The specified log group does not exist.");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.deepEqual(JSON.parse(String(service.responses[0]!.body)), { __type: "ResourceNotFoundException", message: "The specified log group does not exist." });
  });
});
