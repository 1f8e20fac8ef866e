// restXml round trips with the real S3 client (path-style addressing).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  PutObjectAclCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { ServiceError } from "../../../src/aws/errors.js";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { bodyText, InProcessService, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

function s3() {
  const service = new InProcessService(loadServiceSpec("s3"), getProtocol("rest-xml"));
  const client = new S3Client({ ...TEST_CLIENT_CONFIG, forcePathStyle: true, requestHandler: service.requestHandler });
  return { service, client };
}

/** Members the S3 client adds on its own (length, checksums): not part of what the caller passed. */
function withoutSdkAdditions(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!/^(ContentLength|ContentMD5|Checksum)/.test(k)) out[k] = v;
  return out;
}

describe("restXml with S3", () => {
  it("parses PutObject's greedy key label, metadata headers and raw body; the SDK reads the ETag header", async () => {
    const { service, client } = s3();
    service.handler = () => ({ ETag: '"9b2cf535f27731c974343645a3985328"', VersionId: "v1", ServerSideEncryption: "AES256" });
    const out = await client.send(
      new PutObjectCommand({
        Bucket: "my-bucket",
        Key: "dir/sub dir/ünïcode+plus.txt",
        Body: "hello world",
        ContentType: "text/plain",
        CacheControl: "max-age=60",
        Metadata: { owner: "alice", "Mixed-Case": "v" },
        StorageClass: "STANDARD_IA",
      }),
    );
    const req = service.requests[0]!;
    assert.equal(req.method, "PUT");
    assert.equal(service.inputs[0]!.operation, "PutObject");
    const input = service.lastInput!;
    assert.deepEqual(withoutSdkAdditions(input), {
      Bucket: "my-bucket",
      Key: "dir/sub dir/ünïcode+plus.txt",
      Body: Buffer.from("hello world"),
      ContentType: "text/plain",
      CacheControl: "max-age=60",
      Metadata: { owner: "alice", "mixed-case": "v" },
      StorageClass: "STANDARD_IA",
    });
    assert.equal(input.ContentLength, 11);
    assert.equal(out.ETag, '"9b2cf535f27731c974343645a3985328"');
    assert.equal(out.VersionId, "v1");
    assert.equal(out.ServerSideEncryption, "AES256");
    assert.equal(out.$metadata.requestId, service.requestId);
    assert.equal(typeof out.$metadata.extendedRequestId, "string");
  });

  it("writes ListObjectsV2 with flattened Contents and CommonPrefixes the SDK reads back", async () => {
    const { service, client } = s3();
    const modified = new Date("2024-03-04T05:06:07.000Z");
    const output = {
      Name: "my-bucket",
      Prefix: "dir/",
      Delimiter: "/",
      MaxKeys: 2,
      KeyCount: 2,
      IsTruncated: true,
      NextContinuationToken: "tok&2",
      Contents: [
        { Key: "dir/a<b>.txt", LastModified: modified, ETag: '"e1"', Size: 5, StorageClass: "STANDARD", Owner: { ID: "o1", DisplayName: "me" } },
        { Key: "dir/c.txt", LastModified: modified, ETag: '"e2"', Size: 0, StorageClass: "STANDARD" },
      ],
      CommonPrefixes: [{ Prefix: "dir/sub/" }],
    };
    service.handler = () => output;
    const out = await client.send(new ListObjectsV2Command({ Bucket: "my-bucket", Prefix: "dir/", Delimiter: "/", MaxKeys: 2, ContinuationToken: "tok&1", FetchOwner: true }));
    assert.equal(service.inputs[0]!.operation, "ListObjectsV2");
    assert.deepEqual(service.lastInput, { Bucket: "my-bucket", Prefix: "dir/", Delimiter: "/", MaxKeys: 2, ContinuationToken: "tok&1", FetchOwner: true });
    const { $metadata, ...rest } = out;
    assert.deepEqual(rest, output);
    const xml = await bodyText(service.responses[0]!);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
    assert.match(xml, /<Contents><Key>dir\/a&lt;b&gt;.txt<\/Key><LastModified>2024-03-04T05:06:07.000Z<\/LastModified>/);
    assert.match(xml, /<\/Contents><Contents><Key>dir\/c.txt<\/Key>/);
    assert.match(xml, /<CommonPrefixes><Prefix>dir\/sub\/<\/Prefix><\/CommonPrefixes>/);
  });

  it("streams GetObject's body and reads Range, header-bound timestamps and metadata both ways", async () => {
    const { service, client } = s3();
    const modified = new Date("2024-03-04T05:06:07.000Z");
    service.handler = () => ({
      Body: Readable.from([Buffer.from("hel"), Buffer.from("lo")]),
      ContentLength: 5,
      ContentType: "text/plain",
      ContentRange: "bytes 0-4/11",
      LastModified: modified,
      ETag: '"e1"',
      Metadata: { owner: "alice" },
      StatusCode: 206,
    });
    const out = await client.send(new GetObjectCommand({ Bucket: "b", Key: "k.txt", Range: "bytes=0-4", IfModifiedSince: new Date("2020-01-01T00:00:00Z") }));
    assert.deepEqual(withoutSdkAdditions(service.lastInput!), { Bucket: "b", Key: "k.txt", Range: "bytes=0-4", IfModifiedSince: new Date("2020-01-01T00:00:00Z") });
    assert.equal(service.responses[0]!.headers["Last-Modified"], "Mon, 04 Mar 2024 05:06:07 GMT");
    assert.equal(await out.Body!.transformToString(), "hello");
    assert.equal(out.ContentLength, 5);
    assert.equal(out.ContentType, "text/plain");
    assert.deepEqual(out.LastModified, modified);
    assert.deepEqual(out.Metadata, { owner: "alice" });
    assert.equal(out.ContentRange, "bytes 0-4/11");
  });

  it("parses CreateBucket's XML payload with the S3 namespace and answers the Location header", async () => {
    const { service, client } = s3();
    service.handler = () => ({ Location: "/new-bucket" });
    const out = await client.send(new CreateBucketCommand({ Bucket: "new-bucket", ACL: "private", CreateBucketConfiguration: { LocationConstraint: "eu-west-1", Tags: [{ Key: "k", Value: "v" }] } }));
    assert.match(service.requests[0]!.body.toString(), /<CreateBucketConfiguration xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
    assert.deepEqual(service.lastInput, { Bucket: "new-bucket", ACL: "private", CreateBucketConfiguration: { LocationConstraint: "eu-west-1", Tags: [{ Key: "k", Value: "v" }] } });
    assert.equal(out.Location, "/new-bucket");
  });

  it("parses DeleteObjects (flattened Object list) and writes Deleted and Error entries", async () => {
    const { service, client } = s3();
    service.handler = () => ({
      Deleted: [{ Key: "a.txt" }, { Key: "b.txt", VersionId: "v2", DeleteMarker: true }],
      Errors: [{ Key: "c.txt", Code: "AccessDenied", Message: "Access Denied" }],
    });
    const out = await client.send(
      new DeleteObjectsCommand({ Bucket: "b", Delete: { Objects: [{ Key: "a.txt" }, { Key: "b.txt", VersionId: "v2" }, { Key: "c.txt" }], Quiet: false } }),
    );
    assert.deepEqual(withoutSdkAdditions(service.lastInput!), { Bucket: "b", Delete: { Objects: [{ Key: "a.txt" }, { Key: "b.txt", VersionId: "v2" }, { Key: "c.txt" }], Quiet: false } });
    assert.deepEqual(out.Deleted, [{ Key: "a.txt" }, { Key: "b.txt", VersionId: "v2", DeleteMarker: true }]);
    assert.deepEqual(out.Errors, [{ Key: "c.txt", Code: "AccessDenied", Message: "Access Denied" }]);
    assert.match(await bodyText(service.responses[0]!), /<Error><Key>c.txt<\/Key><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><\/Error>/);
  });

  it("writes S3 errors as <Error> with extra fields, request ids, and a body-less HEAD error", async () => {
    const { service, client } = s3();
    service.handler = () => {
      throw new ServiceError("NoSuchKey", "The specified key does not exist.", undefined, { fields: { Key: "missing.txt" } });
    };
    const err = await client.send(new GetObjectCommand({ Bucket: "b", Key: "missing.txt" })).catch((e: unknown) => e);
    assert.ok(err instanceof NoSuchKey);
    assert.equal(err.message, "The specified key does not exist.");
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.$metadata.requestId, service.requestId);
    assert.equal((err as unknown as { Key: string }).Key, "missing.txt");
    const xml = await bodyText(service.responses[0]!);
    assert.match(xml, /<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing.txt<\/Key><RequestId>/);

    const head = await client.send(new HeadObjectCommand({ Bucket: "b", Key: "missing.txt" })).catch((e: unknown) => e);
    assert.ok(head instanceof S3ServiceException);
    assert.equal(head.name, "NotFound");
    assert.equal(head.$metadata.httpStatusCode, 404);
    assert.equal(service.responses[1]!.body, undefined);
  });

  it("writes GetBucketLocation unwrapped (<LocationConstraint>region</LocationConstraint>)", async () => {
    const { service, client } = s3();
    service.handler = () => ({ LocationConstraint: "eu-west-1" });
    const out = await client.send(new GetBucketLocationCommand({ Bucket: "b" }));
    assert.equal(service.inputs[0]!.operation, "GetBucketLocation");
    assert.equal(out.LocationConstraint, "eu-west-1");
    assert.equal(
      await bodyText(service.responses[0]!),
      '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>',
    );
  });

  it("reads and writes xmlAttribute members with their namespace (Grantee xsi:type)", async () => {
    const { service, client } = s3();
    const policy = {
      Owner: { ID: "owner-id", DisplayName: "me" },
      Grants: [
        { Grantee: { Type: "CanonicalUser" as const, ID: "owner-id", DisplayName: "me" }, Permission: "FULL_CONTROL" as const },
        { Grantee: { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" as const },
      ],
    };
    service.handler = (op) => (op.name === "GetObjectAcl" ? policy : {});
    await client.send(new PutObjectAclCommand({ Bucket: "b", Key: "k", AccessControlPolicy: policy }));
    assert.match(service.requests[0]!.body.toString(), /xsi:type="CanonicalUser"/);
    assert.deepEqual(withoutSdkAdditions(service.lastInput!), { Bucket: "b", Key: "k", AccessControlPolicy: policy });
    const out = await client.send(new GetObjectAclCommand({ Bucket: "b", Key: "k" }));
    assert.deepEqual(out.Grants, policy.Grants);
    assert.deepEqual(out.Owner, policy.Owner);
    const xml = await bodyText(service.responses[1]!);
    assert.match(xml, /<AccessControlPolicy xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><Owner>/);
    assert.match(xml, /<Grantee xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xsi:type="CanonicalUser">/);
  });

  it("honours a timestampFormat trait inside an XML body (ObjectIdentifier.LastModifiedTime is RFC 822)", async () => {
    const { service, client } = s3();
    service.handler = () => ({ Deleted: [{ Key: "a" }] });
    const when = new Date("2024-03-04T05:06:07.000Z");
    await client.send(new DeleteObjectsCommand({ Bucket: "b", Delete: { Objects: [{ Key: "a", LastModifiedTime: when }] } }));
    assert.match(service.requests[0]!.body.toString(), /<LastModifiedTime>Mon, 04 Mar 2024 05:06:07 GMT<\/LastModifiedTime>/);
    assert.deepEqual(withoutSdkAdditions(service.lastInput!), { Bucket: "b", Delete: { Objects: [{ Key: "a", LastModifiedTime: when }] } });
  });
});
