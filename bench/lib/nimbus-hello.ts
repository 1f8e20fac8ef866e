// Deploys the hello-world handler (bench/peers/hello/handler.js) on a running Nimbus through the
// AWS SDK, as a user would: a Lambda function, and a REST API whose GET /hello is a Lambda proxy
// integration to it, deployed to stage "dev". Until Nimbus has the Lambda and API Gateway
// providers these calls fail with NotImplemented, which the callers report as such.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from "@aws-sdk/client-api-gateway";
import { AddPermissionCommand, CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import yazl from "yazl";
import { HttpStatusError } from "./outcome.js";
import { helloServiceDir } from "./paths.js";
import { sleep } from "./processes.js";
import { BENCH_CREDENTIALS, plainGet, sendSigned } from "./signed-request.js";

const REGION = "us-east-1";
const clientConfig = (endpoint: string) => ({ endpoint, region: REGION, credentials: BENCH_CREDENTIALS, maxAttempts: 1 });

export function lambdaClient(endpoint: string, maxSockets = 64): LambdaClient {
  return new LambdaClient({ ...clientConfig(endpoint), requestHandler: { httpAgent: { keepAlive: true, maxSockets } } });
}

export function helloZip(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(readFileSync(join(helloServiceDir, "handler.js")), "handler.js", { mtime: new Date(0) });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** Creates the function and waits (bounded) until it is Active. Returns its ARN. */
export async function deployHelloFunction(lambda: LambdaClient, name: string, zip: Buffer): Promise<string> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Handler: "handler.hello",
      Role: "arn:aws:iam::000000000000:role/nimbus-bench",
      Code: { ZipFile: zip },
      Timeout: 30,
      MemorySize: 128,
    }),
  );
  const deadline = performance.now() + 30_000;
  for (let state = created.State; state !== "Active"; ) {
    if (state === "Failed") throw new Error(`function ${name} failed to become Active`);
    if (performance.now() > deadline) throw new Error(`function ${name} not Active after 30 s (state ${state})`);
    await sleep(50);
    state = (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).State;
  }
  return created.FunctionArn!;
}

export interface HelloEndpoint {
  /** Where to connect (scheme, host and port). */
  base: string;
  path: string;
  /** The Host header to send. */
  host: string;
}

/** Creates and deploys the REST API in front of the function, then finds the URL that serves
 *  it: LocalStack's path form (/restapis/{id}/{stage}/_user_request_/...) or a virtual host
 *  ({id}.execute-api.localhost), whichever answers "hello world". */
export async function deployHelloApi(endpoint: string, functionArn: string): Promise<HelloEndpoint> {
  const apigw = new APIGatewayClient(clientConfig(endpoint));
  const lambda = lambdaClient(endpoint);
  try {
    const api = await apigw.send(new CreateRestApiCommand({ name: "nimbus-bench-hello" }));
    const root = (await apigw.send(new GetResourcesCommand({ restApiId: api.id }))).items!.find((r) => r.path === "/")!;
    const resource = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: root.id, pathPart: "hello" }));
    await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: "GET",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      }),
    );
    const account = functionArn.split(":")[4];
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: functionArn,
        StatementId: "nimbus-bench-apigw",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: `arn:aws:execute-api:${REGION}:${account}:${api.id}/*/GET/hello`,
      }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "dev" }));
    const url = new URL(endpoint);
    const candidates: HelloEndpoint[] = [
      { base: endpoint, path: `/restapis/${api.id}/dev/_user_request_/hello`, host: url.host },
      { base: endpoint, path: "/dev/hello", host: `${api.id}.execute-api.localhost:${url.port}` },
    ];
    let last = "";
    for (const c of candidates) {
      const res = await sendSigned(c.base, plainGet(c.path, c.host));
      if (res.status === 200 && res.body === "hello world") return c;
      last = `GET ${c.host}${c.path}: HTTP ${res.status} ${res.body.slice(0, 120)}`;
    }
    throw new HttpStatusError(501, `NotImplemented: no execute-api URL form served the deployed API (${last})`);
  } finally {
    apigw.destroy();
    lambda.destroy();
  }
}
