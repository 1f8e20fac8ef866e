// API Gateway's control plane through the real clients: the AWS SDK v3 and the AWS CLI.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteRestApiCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetUsageCommand,
  ImportRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  PutRestApiCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { parse as parseYaml } from "yaml";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

const run = promisify(execFile);
const AWS_CLI = "/usr/bin/aws";
const ACCOUNT = "111111111111";

const OPENAPI_YAML = `openapi: 3.0.1
info:
  title: Orders
  version: "2.1"
paths:
  /orders/{orderId}:
    get:
      operationId: GetOrder
      parameters:
        - name: orderId
          in: path
          required: true
          schema: { type: string }
      responses:
        "200":
          description: 200 response
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order" }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: "200"
components:
  schemas:
    Order:
      type: object
      properties:
        id: { type: string }
x-amazon-apigateway-binary-media-types: [image/png]
`;

describe("API Gateway through the AWS SDK v3", () => {
  let node: NimbusNode;
  let client: APIGatewayClient;
  before(async () => {
    node = await startTestNimbus();
    client = new APIGatewayClient(clientConfig(node, { accessKeyId: ACCOUNT, secretAccessKey: "x" }));
  });
  after(async () => {
    client.destroy();
    await node.stop();
  });

  it("builds, deploys and exports an API", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "sdk-api", tags: { team: "a" } }));
    assert.equal(api.$metadata.httpStatusCode, 201);
    assert.ok(api.createdDate instanceof Date);
    const pets = await client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "pets" }));
    const key = { restApiId: api.id!, resourceId: pets.id!, httpMethod: "GET" };
    await client.send(new PutMethodCommand({ ...key, authorizationType: "NONE", requestParameters: { "method.request.querystring.page": false } }));
    await client.send(new PutMethodResponseCommand({ ...key, statusCode: "200", responseParameters: { "method.response.header.X-Page": false } }));
    await client.send(new PutIntegrationCommand({ ...key, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": "[]" } }));
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "prod", variables: { v: "1" } }));
    const stage = await client.send(
      new UpdateStageCommand({ restApiId: api.id, stageName: "prod", patchOperations: [{ op: "replace", path: "/*/*/throttling/rateLimit", value: "42.5" }] }),
    );
    assert.equal(stage.deploymentId, deployment.id);
    assert.equal(stage.methodSettings?.["*/*"]?.throttlingRateLimit, 42.5);
    const exported = await client.send(new GetExportCommand({ restApiId: api.id, stageName: "prod", exportType: "oas30", accepts: "application/yaml", parameters: { extensions: "integrations" } }));
    assert.equal(exported.contentType, "application/octet-stream");
    assert.match(exported.contentDisposition ?? "", /^attachment; filename="oas30_.+\.yaml"$/);
    const doc = parseYaml(Buffer.from(exported.body!).toString("utf8"));
    assert.equal(doc.openapi, "3.0.1");
    assert.deepEqual(doc.servers[0].variables.basePath.default, "prod");
    assert.deepEqual(doc.paths["/pets"].get.parameters, [{ name: "page", in: "query", schema: { type: "string" } }]);
    assert.equal(doc.paths["/pets"].get["x-amazon-apigateway-integration"].type, "mock");
  });

  it("imports YAML, overwrites with PutRestApi, and answers errors as AWS does", async () => {
    const imported = await client.send(new ImportRestApiCommand({ body: Buffer.from(OPENAPI_YAML), failOnWarnings: true }));
    assert.equal(imported.$metadata.httpStatusCode, 201);
    assert.equal(imported.name, "Orders");
    assert.deepEqual(imported.binaryMediaTypes, ["image/png"]);
    const resources = await client.send(new GetResourcesCommand({ restApiId: imported.id, embed: ["methods"] }));
    const order = resources.items!.find((r) => r.path === "/orders/{orderId}")!;
    assert.equal(order.resourceMethods!["GET"]!.operationName, "GetOrder");
    assert.deepEqual(order.resourceMethods!["GET"]!.methodResponses!["200"]!.responseModels, { "application/json": "Order" });
    const replaced = await client.send(
      new PutRestApiCommand({
        restApiId: imported.id,
        mode: "overwrite",
        body: Buffer.from(JSON.stringify({ swagger: "2.0", info: { title: "Orders v2", version: "3" }, paths: { "/health": { get: { responses: {} } } } })),
      }),
    );
    assert.equal(replaced.name, "Orders v2");
    assert.equal(replaced.binaryMediaTypes, undefined);
    const after = await client.send(new GetResourcesCommand({ restApiId: imported.id }));
    assert.deepEqual(after.items!.map((r) => r.path).sort(), ["/", "/health"]);
    await assert.rejects(client.send(new ImportRestApiCommand({ body: Buffer.from("{not: [valid") })), (err: Error & { $metadata: { httpStatusCode: number } }) => {
      assert.equal(err.name, "BadRequestException");
      assert.equal(err.message, "Invalid OpenAPI input.");
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
    await assert.rejects(client.send(new GetRestApiCommand({ restApiId: "nope" })), (err: Error & { $metadata: { httpStatusCode: number } }) => {
      assert.equal(err.name, "NotFoundException");
      assert.equal(err.message, `Invalid API identifier specified ${ACCOUNT}:nope`);
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
    await client.send(new DeleteRestApiCommand({ restApiId: imported.id }));
  });

  it("meters API keys in usage plans", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "metered" }));
    await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true }));
    await client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "dev" }));
    const plan = await client.send(new CreateUsagePlanCommand({ name: "basic", apiStages: [{ apiId: api.id, stage: "dev" }], quota: { limit: 100, period: "DAY" } }));
    const key = await client.send(new CreateApiKeyCommand({ name: "customer", enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    const today = new Date().toISOString().slice(0, 10);
    const usage = await client.send(new GetUsageCommand({ usagePlanId: plan.id, startDate: today, endDate: today }));
    assert.deepEqual(usage.items, { [key.id!]: [[0, 100]] });
    const stage = await client.send(new GetStageCommand({ restApiId: api.id, stageName: "dev" }));
    assert.equal(stage.cacheClusterStatus, "NOT_AVAILABLE");
  });
});

describe("API Gateway through the AWS CLI v2", { skip: !existsSync(AWS_CLI) && process.env.CI !== "true" ? "Debian awscli is not installed" : false }, () => {
  let node: NimbusNode;
  let dir: string;
  before(async () => {
    node = await startTestNimbus();
    dir = mkdtempSync(join(tmpdir(), "nimbus-apigw-cli-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await node.stop();
  });

  const aws = async (...args: string[]) => {
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: ACCOUNT,
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    // CLI 2.9 predates AWS_ENDPOINT_URL: the endpoint goes on the command line.
    const { stdout } = await run(AWS_CLI, ["--endpoint-url", node.endpoint, "apigateway", ...args, "--output", "json"], { env });
    return stdout.trim() === "" ? {} : JSON.parse(stdout);
  };

  it("creates, patches, deploys, imports and exports", async () => {
    const api = await aws("create-rest-api", "--name", "cli-api", "--endpoint-configuration", "types=REGIONAL");
    // CLI 2.9's model predates ipAddressType, so it does not print it.
    assert.deepEqual(api.endpointConfiguration.types, ["REGIONAL"]);
    // Nor rootResourceId: the root comes from get-resources.
    const rootId = (await aws("get-resources", "--rest-api-id", api.id)).items[0].id;
    const resource = await aws("create-resource", "--rest-api-id", api.id, "--parent-id", rootId, "--path-part", "{proxy+}");
    assert.equal(resource.path, "/{proxy+}");
    await aws("put-method", "--rest-api-id", api.id, "--resource-id", resource.id, "--http-method", "ANY", "--authorization-type", "NONE");
    await aws(
      "put-integration", "--rest-api-id", api.id, "--resource-id", resource.id, "--http-method", "ANY",
      "--type", "HTTP_PROXY", "--integration-http-method", "ANY", "--uri", "http://example.com/{proxy}",
    );
    const updated = await aws("update-rest-api", "--rest-api-id", api.id, "--patch-operations", "op=add,path=/binaryMediaTypes/image~1png");
    assert.deepEqual(updated.binaryMediaTypes, ["image/png"]);
    await aws("create-deployment", "--rest-api-id", api.id, "--stage-name", "dev");
    const out = join(dir, "export.json");
    await aws("get-export", "--rest-api-id", api.id, "--stage-name", "dev", "--export-type", "swagger", "--parameters", "extensions=integrations", out);
    const { readFileSync } = await import("node:fs");
    const swagger = JSON.parse(readFileSync(out, "utf8"));
    assert.equal(swagger.basePath, "/dev");
    assert.equal(swagger.paths["/{proxy+}"]["x-amazon-apigateway-any-method"]["x-amazon-apigateway-integration"].type, "http_proxy");
    writeFileSync(join(dir, "copy.json"), JSON.stringify({ ...swagger, info: { ...swagger.info, title: "cli-copy" } }));
    const copy = await aws("import-rest-api", "--body", `fileb://${join(dir, "copy.json")}`, "--fail-on-warnings");
    assert.equal(copy.name, "cli-copy");
    const resources = await aws("get-resources", "--rest-api-id", copy.id);
    assert.deepEqual(resources.items.map((r: { path: string }) => r.path).sort(), ["/", "/{proxy+}"]);
  });
});
