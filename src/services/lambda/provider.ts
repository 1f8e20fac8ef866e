// AWS Lambda (restJson1, API 2015-03-31): the control plane and Invoke.
// https://docs.aws.amazon.com/lambda/latest/api/welcome.html
//
// Known gaps (differences from AWS):
// - Container image functions (PackageType Image) answer NotImplemented; S3Bucket/S3Key code
//   answers AWS's NoSuchBucket error until Nimbus has S3, except the bucket "hot-reload", which
//   runs a local folder in place (hot-reload.ts, a LocalStack convention AWS does not have).
// - No IAM: the execution role is checked for form only, resource policies are stored and
//   returned but not evaluated, and functions of other accounts are refused (AccessDenied).
// - A new function stays Pending (and an update InProgress) for lambda.stateTransitionMs, not
//   for the time real provisioning takes; an invocation during that moment waits it out
//   instead of failing with ResourceConflictException.
// - Concurrency is counted per node: nodes sharing a PostgreSQL store each enforce the limits.
// - Invoke keeps configurations in memory (invoke-cache.ts): a change made through another node
//   sharing a PostgreSQL store reaches this node's invocations within a second, not at once.
// - Asynchronous invocations have no EventInvokeConfig, destinations or dead-letter delivery:
//   events failing every retry are dropped (and logged).
// - VPC, file system, KMS, tracing and SnapStart settings are stored and reported, not applied.
// - Function URLs, event source mappings, code signing, layer permissions, recursion and
//   runtime management configs, durable executions and capacity providers answer NotImplemented.
// - Functions run with static credentials of their account (access key = account id): in
//   strict auth mode their SDK calls do not verify; the execution role is not assumed.
// - Layer version permissions, java/dotnet/ruby runtimes (no engine support yet: Invoke answers
//   NotImplemented) and Jackson's wording of every malformed-JSON payload (the common ones match).
// - Validation lists several violations of one request in model order, which is not always AWS's.
import { randomUUID } from "node:crypto";
import { partitionOf } from "../../aws/arn.js";
import type { RequestContext } from "../../aws/context.js";
import type * as L from "../../aws/generated/lambda.js";
import type { ServiceDefinition, ServiceDeps } from "../types.js";
import { getAccountSettings } from "./account-settings.js";
import { functionArn } from "./arns.js";
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from "./aliases.js";
import type { CodeArchives } from "./code-route.js";
import { CodeStore } from "./code-store.js";
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from "./concurrency.js";
import { ConcurrencyLimiter } from "./concurrency-limiter.js";
import type { LambdaEnv } from "./context.js";
import { EventQueue, type EventOutcome, type QueuedEvent } from "./event-queue.js";
import { createEngineExecutor } from "./engine-wiring.js";
import type { FunctionExecutor } from "./execution.js";
import { updateFunctionCode, updateFunctionConfiguration } from "./function-updates.js";
import { createFunction, deleteFunction, getFunction, getFunctionConfiguration, listFunctions } from "./functions.js";
import { InvokeCache } from "./invoke-cache.js";
import { invoke, invokeAsync, resolveInvocation, runVersion, type InvokeDeps } from "./invoke.js";
import { isHotReload, zipFolder } from "./hot-reload.js";
import * as layers from "./layers.js";
import { identify } from "./lookup.js";
import { validateLambdaInput } from "./model-validation.js";
import { addPermission, getPolicy, removePermission } from "./permissions.js";
import * as provisioned from "./provisioned.js";
import { ReservedConcurrency } from "./reserved-cache.js";
import { LambdaStore } from "./store.js";
import { listTags, tagResource, untagResource } from "./tags.js";
import { listVersionsByFunction, publishVersionOperation } from "./versions.js";

export interface LambdaProviderOptions {
  /** What runs function code; the Lambda engine (engine-wiring.ts) unless a test gives another. */
  executor?: FunctionExecutor;
  /** Uniform [0, 1) numbers for weighted alias routing. */
  random?: () => number;
}

export class LambdaProvider implements Partial<L.LambdaOperations>, CodeArchives {
  private env!: LambdaEnv;
  private queue!: EventQueue;
  private provisioner!: provisioned.Provisioner;
  private reserved!: ReservedConcurrency;
  private invokeDeps!: InvokeDeps;
  private cleanup: (() => void) | undefined;
  private flushLogs: (() => Promise<void>) | undefined;
  /** Where this node is reached (from the latest invocation), for AWS_ENDPOINT_URL in functions. */
  private endpoint: string;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: LambdaProviderOptions = {},
  ) {
    const host = deps.config.host === "0.0.0.0" || deps.config.host === "::" ? "127.0.0.1" : deps.config.host;
    this.endpoint = `http://${host}:${deps.config.port}`;
  }

  async start(): Promise<void> {
    const { deps } = this;
    const store = await LambdaStore.open(deps.store);
    const code = new CodeStore(deps.store.blobs("lambda"));
    let executor = this.options.executor;
    if (!executor) {
      const wiring = createEngineExecutor(deps, code, () => this.endpoint);
      executor = wiring.executor;
      this.cleanup = wiring.cleanup;
      this.flushLogs = wiring.flushLogs;
    }
    this.env = {
      store,
      code,
      clock: deps.clock,
      logger: deps.logger,
      settings: deps.config.lambda,
      executor,
      limiter: new ConcurrencyLimiter(deps.config.lambda.accountConcurrency),
      random: this.options.random ?? Math.random,
    };
    this.reserved = new ReservedConcurrency(store, deps.clock);
    this.queue = new EventQueue({
      store,
      clock: deps.clock,
      logger: deps.logger,
      dialect: deps.store.dialect,
      nodeId: randomUUID(),
      run: (event) => this.runQueuedEvent(event),
    });
    this.invokeDeps = { env: this.env, queue: this.queue, reserved: this.reserved, cache: new InvokeCache(store, deps.clock) };
    this.provisioner = new provisioned.Provisioner(this.env);
    await this.provisioner.resume();
    await this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.provisioner.idle();
    await this.env.executor.stop();
    await this.flushLogs?.();
    this.cleanup?.();
  }

  async reset(): Promise<void> {
    await this.queue.stop();
    await this.provisioner.idle();
    for (const fn of await this.env.store.allFunctions()) {
      await this.env.executor.drop(functionArn({ ...fn, partition: partitionOf(fn.region) }, fn.name));
    }
    await this.env.store.reset();
    await this.env.code.reset();
    this.reserved.clear();
    this.invokeDeps.cache.clear();
    await this.queue.start();
  }

  /** Test and shutdown hooks: wait for background work (event queue, provisioning). */
  async settled(): Promise<void> {
    await this.queue.drain();
    await this.provisioner.idle();
  }

  /** The zip of a function version ($LATEST or a number), for the code download route. */
  async functionCode(accountId: string, region: string, functionName: string, version: string): Promise<Buffer | undefined> {
    const scope = { accountId, region, partition: partitionOf(region) };
    const fn = await this.env.store.getFunction(scope, functionName);
    if (!fn) return undefined;
    const record = version === "$LATEST" ? fn.latest : /^\d+$/.test(version) ? await this.env.store.getVersion(scope, functionName, Number(version)) : undefined;
    if (!record) return undefined;
    // Hot reload: the folder as it is now.
    return isHotReload(record.code) ? zipFolder(record.code.localFolder) : this.env.code.read(record.code.blobKey);
  }

  /** The zip of a layer version, for the code download route. */
  async layerCode(accountId: string, region: string, layerName: string, version: number): Promise<Buffer | undefined> {
    const record = await this.env.store.getLayerVersion({ accountId, region, partition: partitionOf(region) }, layerName, version);
    return record ? this.env.code.read(record.code.blobKey) : undefined;
  }

  /** Runs one stored Event invocation (event-queue.ts decides about retries). */
  private async runQueuedEvent(event: QueuedEvent): Promise<EventOutcome> {
    const scope = { ...event.scope, partition: partitionOf(event.scope.region) };
    let target;
    try {
      target = await resolveInvocation(this.invokeDeps, scope, event.functionName, event.qualifier);
    } catch (err) {
      if ((err as { code?: string }).code === "ResourceNotFoundException") return "function-gone";
      throw err;
    }
    try {
      const result = await runVersion(this.invokeDeps, target, {
        requestId: event.requestId,
        payload: event.payload,
        invokedFunctionArn: functionArn(scope, event.functionName, event.qualifier),
        clientContext: event.clientContext,
        tailLogs: false,
      });
      return result.functionError ? "function-error" : "succeeded";
    } catch (err) {
      if ((err as { code?: string }).code === "TooManyRequestsException") return "throttled";
      throw err;
    }
  }

  // ---- functions ----
  CreateFunction = (ctx: RequestContext, input: L.CreateFunctionRequest) => createFunction(this.env, ctx, input);
  GetFunction = (ctx: RequestContext, input: L.GetFunctionRequest) => getFunction(this.env, ctx, input);
  GetFunctionConfiguration = (ctx: RequestContext, input: L.GetFunctionConfigurationRequest) => getFunctionConfiguration(this.env, ctx, input);
  ListFunctions = (ctx: RequestContext, input: L.ListFunctionsRequest) => listFunctions(this.env, ctx, input);
  UpdateFunctionCode = (ctx: RequestContext, input: L.UpdateFunctionCodeRequest) => updateFunctionCode(this.env, ctx, input);
  UpdateFunctionConfiguration = (ctx: RequestContext, input: L.UpdateFunctionConfigurationRequest) => updateFunctionConfiguration(this.env, ctx, input);
  DeleteFunction = async (ctx: RequestContext, input: L.DeleteFunctionRequest) => {
    const out = await deleteFunction(this.env, ctx, input);
    this.reserved.invalidate({ accountId: ctx.accountId, region: ctx.region, partition: "" });
    return out;
  };

  // ---- versions and aliases ----
  PublishVersion = (ctx: RequestContext, input: L.PublishVersionRequest) => publishVersionOperation(this.env, ctx, input);
  ListVersionsByFunction = (ctx: RequestContext, input: L.ListVersionsByFunctionRequest) => listVersionsByFunction(this.env, ctx, input);
  CreateAlias = (ctx: RequestContext, input: L.CreateAliasRequest) => createAlias(this.env, ctx, input);
  GetAlias = (ctx: RequestContext, input: L.GetAliasRequest) => getAlias(this.env, ctx, input);
  UpdateAlias = async (ctx: RequestContext, input: L.UpdateAliasRequest) => {
    const out = await updateAlias(this.env, ctx, input);
    if (input.FunctionVersion !== undefined) {
      const { scope, name } = identify(ctx, input.FunctionName);
      await provisioned.followAlias(this.env, this.provisioner, scope, name, input.Name);
    }
    return out;
  };
  DeleteAlias = (ctx: RequestContext, input: L.DeleteAliasRequest) => deleteAlias(this.env, ctx, input);
  ListAliases = (ctx: RequestContext, input: L.ListAliasesRequest) => listAliases(this.env, ctx, input);

  // ---- layers ----
  PublishLayerVersion = (ctx: RequestContext, input: L.PublishLayerVersionRequest) => layers.publishLayerVersion(this.env, ctx, input);
  GetLayerVersion = (ctx: RequestContext, input: L.GetLayerVersionRequest) => layers.getLayerVersion(this.env, ctx, input);
  GetLayerVersionByArn = (ctx: RequestContext, input: L.GetLayerVersionByArnRequest) => layers.getLayerVersionByArn(this.env, ctx, input);
  ListLayers = (ctx: RequestContext, input: L.ListLayersRequest) => layers.listLayers(this.env, ctx, input);
  ListLayerVersions = (ctx: RequestContext, input: L.ListLayerVersionsRequest) => layers.listLayerVersions(this.env, ctx, input);
  DeleteLayerVersion = (ctx: RequestContext, input: L.DeleteLayerVersionRequest) => layers.deleteLayerVersion(this.env, ctx, input);

  // ---- permissions and tags ----
  AddPermission = (ctx: RequestContext, input: L.AddPermissionRequest) => addPermission(this.env, ctx, input);
  RemovePermission = (ctx: RequestContext, input: L.RemovePermissionRequest) => removePermission(this.env, ctx, input);
  GetPolicy = (ctx: RequestContext, input: L.GetPolicyRequest) => getPolicy(this.env, ctx, input);
  TagResource = (ctx: RequestContext, input: L.TagResourceRequest) => tagResource(this.env, ctx, input);
  UntagResource = (ctx: RequestContext, input: L.UntagResourceRequest) => untagResource(this.env, ctx, input);
  ListTags = (ctx: RequestContext, input: L.ListTagsRequest) => listTags(this.env, ctx, input);

  // ---- concurrency and account ----
  PutFunctionConcurrency = async (ctx: RequestContext, input: L.PutFunctionConcurrencyRequest) => {
    const out = await putFunctionConcurrency(this.env, ctx, input);
    this.reserved.invalidate({ accountId: ctx.accountId, region: ctx.region, partition: "" });
    return out;
  };
  GetFunctionConcurrency = (ctx: RequestContext, input: L.GetFunctionConcurrencyRequest) => getFunctionConcurrency(this.env, ctx, input);
  DeleteFunctionConcurrency = async (ctx: RequestContext, input: L.DeleteFunctionConcurrencyRequest) => {
    await deleteFunctionConcurrency(this.env, ctx, input);
    this.reserved.invalidate({ accountId: ctx.accountId, region: ctx.region, partition: "" });
  };
  PutProvisionedConcurrencyConfig = (ctx: RequestContext, input: L.PutProvisionedConcurrencyConfigRequest) => {
    this.endpoint = ctx.endpoint;
    return provisioned.putProvisionedConcurrencyConfig(this.env, this.provisioner, ctx, input);
  };
  GetProvisionedConcurrencyConfig = (ctx: RequestContext, input: L.GetProvisionedConcurrencyConfigRequest) =>
    provisioned.getProvisionedConcurrencyConfig(this.env, ctx, input);
  DeleteProvisionedConcurrencyConfig = (ctx: RequestContext, input: L.DeleteProvisionedConcurrencyConfigRequest) =>
    provisioned.deleteProvisionedConcurrencyConfig(this.env, ctx, input);
  ListProvisionedConcurrencyConfigs = (ctx: RequestContext, input: L.ListProvisionedConcurrencyConfigsRequest) =>
    provisioned.listProvisionedConcurrencyConfigs(this.env, ctx, input);
  GetAccountSettings = (ctx: RequestContext) => getAccountSettings(this.env, ctx);

  // ---- invoke ----
  InvokeAsync = (ctx: RequestContext, input: L.InvokeAsyncRequest) => {
    this.endpoint = ctx.endpoint;
    return invokeAsync(this.invokeDeps, ctx, input);
  };
  Invoke = (ctx: RequestContext, input: L.InvocationRequest) => {
    this.endpoint = ctx.endpoint;
    return invoke(this.invokeDeps, ctx, input);
  };
}

export function createLambdaProvider(deps: ServiceDeps, options: LambdaProviderOptions = {}): LambdaProvider {
  return new LambdaProvider(deps, options);
}

export const lambdaService: ServiceDefinition = {
  name: "lambda",
  // Lambda words runtime errors itself and Coral's collection messages: see model-validation.ts.
  validation: { validate: validateLambdaInput },
  create: (deps) => createLambdaProvider(deps),
};
