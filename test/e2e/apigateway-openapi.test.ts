// OpenAPI import -> export round trip through the SDK, checked against AWS's own exports:
// the documents AWS exported for its PetStore samples (recorded in LocalStack's
// test_apigateway_extended.snapshot.json) are imported into Nimbus, deployed to the stage they
// were exported from ("local"), and exported again as Swagger and OpenAPI 3, with and without
// extensions. Every export must equal AWS's, ids and region normalised as recorded.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { APIGatewayClient, CreateDeploymentCommand, GetExportCommand, ImportRestApiCommand } from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const snapshotFile = join(
  process.env.NIMBUS_CONFORMANCE_DIR ?? join(repoRoot, "..", "shared", "conformance"),
  "localstack/tests/aws/services/apigateway/test_apigateway_extended.snapshot.json",
);

type Recorded = Record<string, { "recorded-content": Record<string, { body: Record<string, unknown> }> }>;

/** Objects with sorted keys, so that key order never decides equality. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

describe("OpenAPI import and export round trip against AWS's exports", { skip: existsSync(snapshotFile) ? false : `no conformance data at ${snapshotFile}` }, () => {
  let node: NimbusNode;
  let client: APIGatewayClient;
  let recorded: Recorded;
  before(async () => {
    node = await startTestNimbus();
    client = new APIGatewayClient(clientConfig(node));
    recorded = JSON.parse(readFileSync(snapshotFile, "utf8"));
  });
  after(async () => {
    client.destroy();
    await node.stop();
  });

  const record = (sample: string, exportType: string, key: string) => {
    const test = Object.keys(recorded).find((k) => k.endsWith(`test_export_${exportType === "swagger" ? "swagger" : "oas30"}_openapi[${sample}]`))!;
    return recorded[test]!["recorded-content"][key]!;
  };

  for (const sample of ["TEST_IMPORT_PETSTORE_SWAGGER", "TEST_IMPORT_PETS"]) {
    it(`re-exports ${sample} exactly as AWS exported it`, async () => {
      // AWS's Swagger export with every extension is a complete import document.
      const source = JSON.parse(JSON.stringify(record(sample, "swagger", "get-export-with-extensions").body).replaceAll("<region>", "us-east-1"));
      const api = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(source)), failOnWarnings: true }));
      await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "local" }));
      for (const exportType of ["swagger", "oas30"]) {
        for (const key of ["get-export", "get-export-with-extensions"]) {
          const out = await client.send(
            new GetExportCommand({ restApiId: api.id, stageName: "local", exportType, ...(key.endsWith("extensions") ? { parameters: { extensions: "apigateway" } } : {}) }),
          );
          const text = Buffer.from(out.body!).toString("utf8").replaceAll(api.id!, "<api-id:1>").replaceAll("us-east-1", "<region>");
          const expected = record(sample, exportType, key);
          assert.deepEqual(canonical(JSON.parse(text)), canonical(expected.body), `${exportType} ${key}`);
          assert.equal(out.contentType, "application/octet-stream");
          assert.equal(out.contentDisposition, `attachment; filename="${exportType}_${source.info.version}.json"`);
        }
      }
    });
  }
});
