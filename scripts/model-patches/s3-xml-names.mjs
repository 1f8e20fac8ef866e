// Generates models/patches/s3.json: what botocore's S3 model lost from Smithy's XML traits.
//  - metadata.xmlNamespace: the namespace S3 puts on its response documents, as the model's own
//    request payload members declare it;
//  - the root element names of response documents (Smithy @xmlName on output structures:
//    ListObjectsV2Output -> <ListBucketResult>), read from the official SDK v3 client's schemas;
//  - GetBucketLocation's @s3UnwrappedXmlOutput (<LocationConstraint>region</LocationConstraint>),
//    https://smithy.io/2.0/aws/customizations/s3-customizations.html#s3unwrappedxmloutput-trait
// Run: node scripts/model-patches/s3-xml-names.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const model = JSON.parse(readFileSync(new URL("../../models/s3/service-2.json", import.meta.url), "utf8"));
const sdk = require("@aws-sdk/client-s3");
const pointer = (...parts) => "/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const ops = [];

const namespaces = new Map();
for (const shape of Object.values(model.shapes)) {
  for (const ref of Object.values(shape.members ?? {})) {
    if (ref.xmlNamespace?.uri && !ref.xmlNamespace.prefix) namespaces.set(ref.xmlNamespace.uri, (namespaces.get(ref.xmlNamespace.uri) ?? 0) + 1);
  }
}
const [namespace] = [...namespaces.entries()].sort((a, b) => b[1] - a[1])[0];
ops.push({ op: "add", path: "/metadata/xmlNamespace", value: namespace });

const outputs = new Set(Object.values(model.operations).map((op) => op.output?.shape).filter(Boolean));
for (const [key, schema] of Object.entries(sdk)) {
  if (!key.endsWith("$") || !Array.isArray(schema) || schema[0] !== 3) continue;
  const [, , name, traits] = schema;
  if (!traits?.xmlName || !outputs.has(name) || model.shapes[name]?.locationName) continue;
  ops.push({ op: "add", path: pointer("shapes", name, "locationName"), value: traits.xmlName });
}
ops.sort((a, b) => a.path.localeCompare(b.path));
ops.push({ op: "add", path: "/operations/GetBucketLocation/s3UnwrappedXmlOutput", value: true });

writeFileSync(new URL("../../models/patches/s3.json", import.meta.url), JSON.stringify(ops, null, 1) + "\n");
console.log(`models/patches/s3.json: ${ops.length} operations`);
