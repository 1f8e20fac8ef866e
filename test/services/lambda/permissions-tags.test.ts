// Resource policies and tags through the provider.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, call, createFunction, failure, startHarness, type Harness } from "./harness.js";

const arn = (name: string, q?: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${q ? `:${q}` : ""}`;

describe("Lambda permissions", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await createFunction(h, "guarded");
  });
  after(() => h.close());

  it("AddPermission returns the statement and GetPolicy the document, as AWS writes them", async () => {
    const added = await call(h, "AddPermission", {
      FunctionName: "guarded",
      StatementId: "s3",
      Action: "lambda:InvokeFunction",
      Principal: "s3.amazonaws.com",
      SourceArn: "arn:aws:s3:::my-bucket",
      SourceAccount: ACCOUNT,
    });
    assert.deepEqual(JSON.parse(added.Statement), {
      Sid: "s3",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: arn("guarded"),
      Condition: { StringEquals: { "AWS:SourceAccount": ACCOUNT }, ArnLike: { "AWS:SourceArn": "arn:aws:s3:::my-bucket" } },
    });
    await call(h, "AddPermission", { FunctionName: "guarded", StatementId: "acct", Action: "lambda:GetFunction", Principal: "111122223333" });
    const policy = await call(h, "GetPolicy", { FunctionName: "guarded" });
    const doc = JSON.parse(policy.Policy);
    assert.equal(doc.Version, "2012-10-17");
    assert.equal(doc.Id, "default");
    assert.deepEqual(doc.Statement.map((s: any) => s.Sid), ["s3", "acct"]);
    assert.deepEqual(doc.Statement[1].Principal, { AWS: "arn:aws:iam::111122223333:root" });
    // The policy's revision is the function's (recorded AWS responses).
    const fn = await call(h, "GetFunctionConfiguration", { FunctionName: "guarded" });
    assert.equal(policy.RevisionId, fn.RevisionId);
  });

  it("refuses duplicate statement ids, $LATEST, bad principals and stale revisions", async () => {
    const dup = await failure(h, "AddPermission", { FunctionName: "guarded", StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com" });
    assert.equal(dup.code, "ResourceConflictException");
    assert.equal(dup.message, "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.");
    const latest = await failure(h, "AddPermission", { FunctionName: "guarded", Qualifier: "$LATEST", StatementId: "x", Action: "lambda:InvokeFunction", Principal: "*" });
    assert.equal(latest.message, "We currently do not support adding policies for $LATEST.");
    const principal = await failure(h, "AddPermission", { FunctionName: "guarded", StatementId: "x", Action: "lambda:InvokeFunction", Principal: "nobody" });
    assert.equal(principal.message, "The provided principal was invalid. Please check the principal and try again.");
    const stale = await failure(h, "AddPermission", { FunctionName: "guarded", StatementId: "x", Action: "lambda:InvokeFunction", Principal: "*", RevisionId: "stale" });
    assert.equal(stale.code, "PreconditionFailedException");
    const sid = await failure(h, "AddPermission", { FunctionName: "guarded", StatementId: "example.com", Action: "lambda:InvokeFunction", Principal: "*" });
    assert.equal(sid.message, "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)");
    const alias = await failure(h, "AddPermission", { FunctionName: "guarded", Qualifier: "nope", StatementId: "x", Action: "lambda:InvokeFunction", Principal: "*" });
    assert.equal(alias.message, `Cannot find alias arn: ${arn("guarded", "nope")}`);
  });

  it("policies are per qualifier; RemovePermission answers AWS's errors and removes the policy with its last statement", async () => {
    await call(h, "PublishVersion", { FunctionName: "guarded" });
    await call(h, "AddPermission", { FunctionName: "guarded", Qualifier: "1", StatementId: "v1", Action: "lambda:InvokeFunction", Principal: "*" });
    const v1 = JSON.parse((await call(h, "GetPolicy", { FunctionName: "guarded", Qualifier: "1" })).Policy);
    assert.equal(v1.Statement[0].Resource, arn("guarded", "1"));
    const missingSid = await failure(h, "RemovePermission", { FunctionName: "guarded", StatementId: "non-existent" });
    assert.equal(missingSid.message, "Statement non-existent is not found in resource policy.");
    const noFunction = await failure(h, "RemovePermission", { FunctionName: "doesnotexist", StatementId: "x" });
    assert.equal(noFunction.message, `No policy found for: ${arn("doesnotexist")}`);
    await call(h, "RemovePermission", { FunctionName: "guarded", Qualifier: "1", StatementId: "v1" });
    const empty = await failure(h, "GetPolicy", { FunctionName: "guarded", Qualifier: "1" });
    assert.equal(empty.message, "The resource you requested does not exist.");
    const noPolicy = await failure(h, "RemovePermission", { FunctionName: "guarded", Qualifier: "1", StatementId: "v1" });
    assert.equal(noPolicy.message, "No policy is associated with the given resource.");
  });
});

describe("Lambda tags", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await createFunction(h, "tagged", { Tags: { A: "tag-a" } });
  });
  after(() => h.close());

  it("TagResource merges, UntagResource removes, ListTags lists", async () => {
    await call(h, "TagResource", { Resource: arn("tagged"), Tags: { B: "tag-b", A: "tag-a2" } });
    await call(h, "UntagResource", { Resource: arn("tagged"), TagKeys: ["B", "never-there"] });
    assert.deepEqual((await call(h, "ListTags", { Resource: arn("tagged") })).Tags, { A: "tag-a2" });
  });

  it("answers AWS's errors for versions, missing functions, empty tags and the 50-tag limit", async () => {
    const qualified = await failure(h, "TagResource", { Resource: arn("tagged", "$LATEST"), Tags: { C: "c" } });
    assert.equal(qualified.message, "Tags on function aliases and versions are not supported. Please specify a function ARN.");
    const missing = await failure(h, "ListTags", { Resource: arn("doesnotexist") });
    assert.equal(missing.message, `Function not found: ${arn("doesnotexist")}`);
    const empty = await failure(h, "TagResource", { Resource: arn("tagged"), Tags: {} });
    assert.equal(empty.message, "An error occurred and the request cannot be processed.");
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    const limit = await failure(h, "TagResource", { Resource: arn("tagged"), Tags: many });
    assert.equal(limit.message, "Number of tags exceeds resource tag limit.");
    const invalid = await failure(h, "TagResource", { Resource: "arn:aws:something", Tags: { C: "c" } });
    assert.equal(invalid.code, "ValidationException");
    assert.match(invalid.message, /at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:\(aws\[a-zA-Z-\]\*\):lambda:\(eusc-\)\?/);
  });
});
