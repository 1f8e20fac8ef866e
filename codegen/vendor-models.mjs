// Copies the AWS service models Nimbus implements from botocore (preinstalled with python3)
// into models/<service>/service-2.json, dropping the prose documentation that makes up most
// of their size. Rerun after upgrading botocore; the botocore version is recorded in
// models/VERSION so a later run can be diffed against it.
// Usage: node codegen/vendor-models.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const SERVICES = [
  "sts", "lambda", "dynamodb", "dynamodbstreams", "apigateway", "apigatewayv2", "sqs", "sns",
  "events", "kinesis", "stepfunctions", "s3", "cognito-idp", "cognito-identity", "iam", "kms",
  "ssm", "secretsmanager", "logs", "cloudformation", "acm", "cloudwatch",
];

const info = JSON.parse(execFileSync("python3", ["-c",
  "import botocore, os, json; print(json.dumps({'dir': os.path.join(os.path.dirname(botocore.__file__), 'data'), 'version': botocore.__version__}))",
]).toString());

// Keys that carry prose only; the wire protocol never depends on them.
const PROSE = new Set(["documentation", "documentationUrl", "deprecatedMessage"]);
function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (!PROSE.has(k)) out[k] = strip(v);
    return out;
  }
  return value;
}

for (const service of SERVICES) {
  const versions = readdirSync(join(info.dir, service)).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort();
  const latest = versions[versions.length - 1];
  const dir = join(info.dir, service, latest);
  const files = readdirSync(dir);
  const read = (name) => {
    if (files.includes(name)) return JSON.parse(readFileSync(join(dir, name), "utf8"));
    if (files.includes(name + ".gz")) return JSON.parse(gunzipSync(readFileSync(join(dir, name + ".gz"))).toString("utf8"));
    return undefined;
  };
  mkdirSync(join("models", service), { recursive: true });
  writeFileSync(join("models", service, "service-2.json"), JSON.stringify(strip(read("service-2.json")), null, 1) + "\n");
  const paginators = read("paginators-1.json");
  if (paginators) writeFileSync(join("models", service, "paginators-1.json"), JSON.stringify(paginators, null, 1) + "\n");
}
writeFileSync(join("models", "VERSION"), `botocore ${info.version}\n`);
console.log(`vendored ${SERVICES.length} models from botocore ${info.version}`);
