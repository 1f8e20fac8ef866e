// The in-process client: calls run through the pipeline with the given caller, without HTTP.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { Caller } from "../../src/aws/context.js";
import { ServiceError } from "../../src/aws/errors.js";
import { loadServiceSpec } from "../../src/aws/spec/loader.js";
import { InternalClient } from "../../src/internal/client.js";
import { actionRequest } from "../../src/internal/service-request.js";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

const ROLE_CALLER: Caller = {
  accountId: "111111111111",
  accessKeyId: "ASIAINTERNALTEST0001",
  arn: "arn:aws:sts::111111111111:assumed-role/apigw-role/BackplaneAssumeRoleSession",
  userId: "AROAINTERNALTEST0001:BackplaneAssumeRoleSession",
};
const AS = { caller: ROLE_CALLER, region: "eu-west-1", origin: "test" };

describe("InternalClient", () => {
  let node: NimbusNode;
  let client: InternalClient;

  before(async () => {
    node = await startTestNimbus();
    client = new InternalClient(node.env);
  });
  after(() => node.stop());

  it("call() answers with the caller it was given", async () => {
    const out = await client.call<{ Account: string; Arn: string; UserId: string }>("sts", "GetCallerIdentity", {}, AS);
    assert.deepEqual(out, { Account: "111111111111", Arn: ROLE_CALLER.arn, UserId: ROLE_CALLER.userId });
  });

  it("call() validates the input against the model and throws the service's error", async () => {
    await assert.rejects(
      client.call("logs", "CreateLogGroup", {}, AS),
      (err: unknown) => err instanceof ServiceError && err.code === "InvalidParameterException",
    );
  });

  it("send() runs a wire request through the protocol and lands in the caller's account and region", async () => {
    const spec = loadServiceSpec("logs");
    const http = actionRequest(spec, "CreateLogGroup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      rawQuery: "",
      body: Buffer.from(JSON.stringify({ logGroupName: "/internal/created" })),
      host: "logs.eu-west-1.amazonaws.com",
    });
    const res = await client.send("logs", http, AS);
    assert.equal(res.status, 200);
    const logs = new CloudWatchLogsClient({ ...clientConfig(node, { accessKeyId: "111111111111", secretAccessKey: "x" }), region: "eu-west-1" });
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/internal/" }));
    assert.deepEqual(groups.logGroups?.map((g) => g.logGroupName), ["/internal/created"]);
  });

  it("send() answers a service error in the service's protocol", async () => {
    const spec = loadServiceSpec("sts");
    const http = actionRequest(spec, "NoSuchAction", { method: "POST", headers: {}, rawQuery: "Version=2011-06-15", body: Buffer.alloc(0), host: "sts.amazonaws.com" });
    const res = await client.send("sts", http, AS);
    assert.equal(res.status, 400);
    assert.match(String(res.body), /<Code>InvalidAction<\/Code>/);
  });
});
