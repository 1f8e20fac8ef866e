// Generates models/patches/sqs.json: what botocore's JSON model of SQS lost from the query
// protocol SQS still answers (it is awsQueryCompatible). Two AWS-published sources:
//  - the query-era botocore model the Debian AWS CLI v2 ships (xmlNamespace, the
//    locationNames of flattened lists and maps: <Message>, <Attribute><Name/><Value/>, ...);
//  - the official SDK v3 client's schemas, which keep Smithy's awsQueryError trait (the
//    query error code and HTTP status of every error shape).
// Run: node scripts/model-patches/sqs-query-compat.mjs [path to the query-era model]
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const queryModelPath = process.argv[2] ?? "/usr/lib/python3/dist-packages/awscli/botocore/data/sqs/2012-11-05/service-2.json";
const current = JSON.parse(readFileSync(new URL("../../models/sqs/service-2.json", import.meta.url), "utf8"));
const legacy = JSON.parse(readFileSync(queryModelPath, "utf8"));
const sdk = require("@aws-sdk/client-sqs");

const ops = [];
const pointer = (...parts) => "/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

ops.push({ op: "add", path: "/metadata/xmlNamespace", value: legacy.metadata.xmlNamespace });

// Serialization names, added only where the current model has none.
const copyName = (path, now, old) => {
  if (old?.locationName && !now.locationName) ops.push({ op: "add", path: pointer(...path, "locationName"), value: old.locationName });
};
for (const [name, shape] of Object.entries(current.shapes)) {
  const old = legacy.shapes[name];
  if (!old || old.type !== shape.type) continue;
  copyName(["shapes", name], shape, old);
  if (shape.type === "structure") {
    for (const [member, ref] of Object.entries(shape.members)) if (old.members[member]) copyName(["shapes", name, "members", member], ref, old.members[member]);
  } else if (shape.type === "list") {
    copyName(["shapes", name, "member"], shape.member, old.member);
  } else if (shape.type === "map") {
    copyName(["shapes", name, "key"], shape.key, old.key);
    copyName(["shapes", name, "value"], shape.value, old.value);
  }
}

// Error codes and statuses from the SDK's awsQueryError traits.
const traitsByShape = {};
for (const [key, schema] of Object.entries(sdk)) if (key.endsWith("$") && Array.isArray(schema) && schema[0] === -3) traitsByShape[schema[2]] = schema[3];
for (const [name, shape] of Object.entries(current.shapes)) {
  if (!shape.exception || shape.error) continue;
  const traits = traitsByShape[name];
  if (!traits) throw new Error(`the SDK has no schema for error ${name}`);
  const [code, status] = traits.awsQueryError ?? [name, traits.httpError ?? 400];
  ops.push({ op: "add", path: pointer("shapes", name, "error"), value: { code, httpStatusCode: status, senderFault: traits.error === "client" } });
}

writeFileSync(new URL("../../models/patches/sqs.json", import.meta.url), JSON.stringify(ops, null, 1) + "\n");
console.log(`models/patches/sqs.json: ${ops.length} operations`);
