// Builds REST APIs through the official SDK (@aws-sdk/client-api-gateway) and calls them over
// HTTP, for the data-plane tests.
import { request } from "node:http";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateAccountCommand,
  type CreateRestApiCommandInput,
  type PutIntegrationCommandInput,
  type PutIntegrationResponseCommandInput,
  type PutMethodCommandInput,
} from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "./nimbus.js";

export const ACCOUNT = "111111111111";

/** A client for `account` (a 12-digit access key id names its account in Nimbus). */
export function apiGatewayClient(node: NimbusNode, account = ACCOUNT): APIGatewayClient {
  return new APIGatewayClient(clientConfig(node, { accessKeyId: account, secretAccessKey: "test" }));
}

/** Sets the account's CloudWatch role for API Gateway, which AWS requires before a stage may log to CloudWatch Logs. */
export async function allowCloudWatchLogging(node: NimbusNode, account = ACCOUNT): Promise<void> {
  const client = apiGatewayClient(node, account);
  try {
    await client.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: `arn:aws:iam::${account}:role/apigw-logs` }] }));
  } finally {
    client.destroy();
  }
}

/** A node whose account may log to CloudWatch Logs, with a CloudWatch Logs client for that account (the logging tests). */
export async function startLoggingNode(): Promise<{ node: NimbusNode; logs: CloudWatchLogsClient }> {
  const node = await startTestNimbus();
  await allowCloudWatchLogging(node);
  return { node, logs: new CloudWatchLogsClient(clientConfig(node, { accessKeyId: ACCOUNT, secretAccessKey: "test" })) };
}

/** GET /pets/{id} with a MOCK integration answering {"pet":"<id>"}, the logging tests' fixture. */
export async function addPetsMock(api: RestApiBuilder): Promise<void> {
  await api.method(
    "/pets/{id}",
    "GET",
    { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } },
    { responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"pet":"$input.params(\'id\')"}' } }] },
  );
}

/** A REST API under construction: resources by path, created on demand. */
export class RestApiBuilder {
  readonly resources = new Map<string, string>();

  private constructor(
    readonly client: APIGatewayClient,
    readonly apiId: string,
    rootId: string,
  ) {
    this.resources.set("/", rootId);
  }

  static async create(client: APIGatewayClient, input: Partial<CreateRestApiCommandInput> = {}): Promise<RestApiBuilder> {
    const api = await client.send(new CreateRestApiCommand({ name: `api-${Math.random().toString(36).slice(2, 8)}`, ...input }));
    const resources = await client.send(new GetResourcesCommand({ restApiId: api.id! }));
    return new RestApiBuilder(client, api.id!, resources.items!.find((r) => r.path === "/")!.id!);
  }

  /** The id of the resource at `path`, creating it and its parents as needed. */
  async resource(path: string): Promise<string> {
    const known = this.resources.get(path);
    if (known) return known;
    const cut = path.lastIndexOf("/");
    const parentPath = cut <= 0 ? "/" : path.slice(0, cut);
    const parentId = await this.resource(parentPath);
    const created = await this.client.send(new CreateResourceCommand({ restApiId: this.apiId, parentId, pathPart: path.slice(cut + 1) }));
    this.resources.set(path, created.id!);
    return created.id!;
  }

  async method(
    path: string,
    httpMethod: string,
    integration: Omit<PutIntegrationCommandInput, "restApiId" | "resourceId" | "httpMethod">,
    options: {
      method?: Partial<PutMethodCommandInput>;
      responses?: Array<Omit<PutIntegrationResponseCommandInput, "restApiId" | "resourceId" | "httpMethod"> & { methodResponseParameters?: Record<string, boolean> }>;
    } = {},
  ): Promise<string> {
    const resourceId = await this.resource(path);
    const ids = { restApiId: this.apiId, resourceId, httpMethod };
    await this.client.send(new PutMethodCommand({ ...ids, authorizationType: "NONE", ...options.method }));
    await this.client.send(new PutIntegrationCommand({ ...ids, ...integration }));
    for (const { methodResponseParameters, ...response } of options.responses ?? []) {
      await this.client.send(new PutMethodResponseCommand({ ...ids, statusCode: response.statusCode, ...(methodResponseParameters ? { responseParameters: methodResponseParameters } : {}) }));
      await this.client.send(new PutIntegrationResponseCommand({ ...ids, ...response }));
    }
    return resourceId;
  }

  async deploy(stageName: string, variables?: Record<string, string>): Promise<string> {
    const deployment = await this.client.send(new CreateDeploymentCommand({ restApiId: this.apiId, stageName, ...(variables ? { variables } : {}) }));
    return deployment.id!;
  }
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  /** Header names exactly as sent on the wire. */
  rawHeaderNames: string[];
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Host-style: sends Host {apiId}.execute-api.localhost instead of the /restapis/... path. */
  hostStyle?: boolean;
  /** A custom Host header (custom domain names). */
  host?: string;
}

/** Calls an API stage at `path` (with its query string) through the path-style invoke URL (or host-style). */
export function callApi(node: NimbusNode, apiId: string, stage: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(node.endpoint);
  const fullPath = options.host ? path : options.hostStyle ? `/${stage}${path}` : `/restapis/${apiId}/${stage}/_user_request_${path}`;
  const headers: Record<string, string> = { ...options.headers };
  if (options.host) headers["Host"] = options.host;
  else if (options.hostStyle) headers["Host"] = `${apiId}.execute-api.localhost:${url.port}`;
  return rawCall(url, fullPath, options.method ?? "GET", headers, options.body);
}

export function rawCall(url: URL, path: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const bodyBuf = Buffer.concat(chunks);
        const names: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) names.push(res.rawHeaders[i]!);
        const text = bodyBuf.toString("utf8");
        resolve({
          status: res.statusCode!,
          headers: res.headers as Record<string, string>,
          rawHeaderNames: names,
          body: bodyBuf,
          text,
          json: <T>() => JSON.parse(text) as T,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
