// Provisioned concurrency (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html):
// a published version or an alias (never $LATEST) gets N execution environments initialised
// ahead of time. The configuration reports IN_PROGRESS while the executor starts them and
// READY once they are up (FAILED with FUNCTION_ERROR_INIT_FAILURE when initialisation fails).
// Environments do not survive a restart, so stored configurations are provisioned again at start.
import type { RequestContext } from "../../aws/context.js";
import {
  InvalidParameterValueException,
  ProvisionedConcurrencyConfigNotFoundException,
  type DeleteProvisionedConcurrencyConfigRequest,
  type GetProvisionedConcurrencyConfigRequest,
  type GetProvisionedConcurrencyConfigResponse,
  type ListProvisionedConcurrencyConfigsRequest,
  type ListProvisionedConcurrencyConfigsResponse,
  type PutProvisionedConcurrencyConfigRequest,
  type PutProvisionedConcurrencyConfigResponse,
} from "../../aws/generated/lambda.js";
import { partitionOf } from "../../aws/arn.js";
import { functionArn, isVersionNumber, LATEST, type Scope } from "./arns.js";
import { MIN_UNRESERVED, provisionedTotal, reservedElsewhere } from "./concurrency.js";
import type { LambdaEnv } from "./context.js";
import { conflict, functionNotFound, invalidParameter, notFound, USER } from "./errors.js";
import { executableFor } from "./executable.js";
import { identify, versionOf } from "./lookup.js";
import { decodeMarker, page } from "./paging.js";
import { lambdaTimestamp } from "./render.js";
import type { FunctionRecord, ProvisionedRecord } from "./types.js";

const NOT_PUBLISHED = "The function resource provided must be an alias or a published version.";

export class Provisioner {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly env: LambdaEnv) {}

  /** Starts the environments of a stored configuration in the background. */
  allocate(scope: Scope, functionName: string, qualifier: string): void {
    const work = this.run(scope, functionName, qualifier).catch((err) => {
      this.env.logger.error({ err, functionName, qualifier }, "lambda: provisioning failed");
    });
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Resolves once every allocation under way has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Provisions every stored configuration again (after a restart). */
  async resume(): Promise<void> {
    for (const { scope, functionName, record } of await this.env.store.allProvisioned()) {
      this.allocate({ ...scope, partition: partitionOf(scope.region) }, functionName, record.qualifier);
    }
  }

  private async run(scope: Scope, functionName: string, qualifier: string): Promise<void> {
    const { store, executor } = this.env;
    const record = await store.getProvisioned(scope, functionName, qualifier);
    const fn = await store.getFunction(scope, functionName);
    if (!record || !fn) return;
    const versionName = isVersionNumber(qualifier) ? qualifier : (await store.getAlias(scope, functionName, qualifier))?.functionVersion;
    if (versionName === undefined) return;
    const version = await versionOf(this.env, scope, fn, versionName);
    let outcome: Partial<ProvisionedRecord>;
    try {
      await executor.prewarm(executableFor(scope, functionName, version), record.requested);
      outcome = { status: "READY", allocated: record.requested };
    } catch {
      outcome = { status: "FAILED", allocated: 0, statusReason: "FUNCTION_ERROR_INIT_FAILURE" };
    }
    const current = await store.getProvisioned(scope, functionName, qualifier);
    // A newer Put replaced the configuration meanwhile: its own allocation reports.
    if (!current || current.lastModified !== record.lastModified || current.requested !== record.requested) return;
    await store.putProvisioned(scope, functionName, { ...current, ...outcome });
  }
}

export async function putProvisionedConcurrencyConfig(
  env: LambdaEnv,
  provisioner: Provisioner,
  ctx: RequestContext,
  input: PutProvisionedConcurrencyConfigRequest,
): Promise<PutProvisionedConcurrencyConfigResponse> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  if (qualifier === LATEST) throw invalidParameter("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
  const fn = await requireTarget(env, scope, name, qualifier!);
  const requested = input.ProvisionedConcurrentExecutions;
  await checkConflicts(env, scope, fn, qualifier!);
  const others = await provisionedTotal(env, scope, name, qualifier);
  if (fn.reservedConcurrency !== undefined) {
    if (others + requested > fn.reservedConcurrency) {
      throw invalidParameter("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function");
    }
  } else {
    const unreserved = env.settings.accountConcurrency - (await reservedElsewhere(env, scope, name)) - others;
    if (requested > unreserved) {
      throw new InvalidParameterValueException(`Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${unreserved}].`);
    }
    if (unreserved - requested < MIN_UNRESERVED) {
      throw new InvalidParameterValueException(
        `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
      );
    }
  }
  const record: ProvisionedRecord = { qualifier: qualifier!, requested, allocated: 0, status: "IN_PROGRESS", lastModified: env.clock.now() };
  await env.store.putProvisioned(scope, name, record);
  provisioner.allocate(scope, name, qualifier!);
  return renderProvisioned(record);
}

export async function getProvisionedConcurrencyConfig(
  env: LambdaEnv,
  ctx: RequestContext,
  input: GetProvisionedConcurrencyConfigRequest,
): Promise<GetProvisionedConcurrencyConfigResponse> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  if (qualifier === LATEST) throw invalidParameter(NOT_PUBLISHED);
  await requireTarget(env, scope, name, qualifier!);
  const record = await env.store.getProvisioned(scope, name, qualifier!);
  if (!record) throw new ProvisionedConcurrencyConfigNotFoundException("No Provisioned Concurrency Config found for this function", USER);
  return renderProvisioned(record);
}

export async function deleteProvisionedConcurrencyConfig(env: LambdaEnv, ctx: RequestContext, input: DeleteProvisionedConcurrencyConfigRequest): Promise<void> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  if (qualifier === LATEST) throw invalidParameter(NOT_PUBLISHED);
  await requireTarget(env, scope, name, qualifier!);
  await env.store.deleteProvisioned(scope, name, qualifier!);
}

export async function listProvisionedConcurrencyConfigs(
  env: LambdaEnv,
  ctx: RequestContext,
  input: ListProvisionedConcurrencyConfigsRequest,
): Promise<ListProvisionedConcurrencyConfigsResponse> {
  const { scope, name } = identify(ctx, input.FunctionName);
  if (!(await env.store.getFunction(scope, name))) throw functionNotFound(functionArn(scope, name));
  const after = decodeMarker(input.Marker);
  const configs = (await env.store.listProvisioned(scope, name)).filter((c) => after === undefined || c.qualifier > after);
  const result = page(configs, input.MaxItems ?? 50, (c) => c.qualifier);
  return {
    ProvisionedConcurrencyConfigs: result.items.map((c) => ({ FunctionArn: functionArn(scope, name, c.qualifier), ...renderProvisioned(c) })),
    ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}),
  };
}

/** Provisioned concurrency on an alias follows the alias to its new version (allocated again). */
export async function followAlias(env: LambdaEnv, provisioner: Provisioner, scope: Scope, functionName: string, alias: string): Promise<void> {
  const record = await env.store.getProvisioned(scope, functionName, alias);
  if (!record) return;
  await env.store.putProvisioned(scope, functionName, { ...record, status: "IN_PROGRESS", lastModified: env.clock.now() });
  provisioner.allocate(scope, functionName, alias);
}

/** The function, with the version or alias named: AWS's not-found wording for each. */
async function requireTarget(env: LambdaEnv, scope: Scope, name: string, qualifier: string): Promise<FunctionRecord> {
  const fn = await env.store.getFunction(scope, name);
  if (isVersionNumber(qualifier)) {
    if (!fn || !(await env.store.getVersion(scope, name, Number(qualifier)))) throw functionNotFound(functionArn(scope, name, qualifier));
  } else if (!fn || !(await env.store.getAlias(scope, name, qualifier))) {
    throw notFound(`Cannot find alias arn: ${functionArn(scope, name, qualifier)}`);
  }
  return fn!;
}

/** A version is provisioned either directly or through one alias, not both. */
async function checkConflicts(env: LambdaEnv, scope: Scope, fn: FunctionRecord, qualifier: string): Promise<void> {
  const configs = await env.store.listProvisioned(scope, fn.name);
  const aliases = await env.store.listAliases(scope, fn.name);
  if (isVersionNumber(qualifier)) {
    const pointing = aliases.filter((a) => a.functionVersion === qualifier).map((a) => a.name);
    if (configs.some((c) => pointing.includes(c.qualifier))) throw conflict("Version is pointed by a Provisioned Concurrency alias");
  } else {
    const version = aliases.find((a) => a.name === qualifier)?.functionVersion;
    if (configs.some((c) => c.qualifier === version)) {
      throw conflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version");
    }
  }
}

function renderProvisioned(r: ProvisionedRecord): GetProvisionedConcurrencyConfigResponse {
  return {
    RequestedProvisionedConcurrentExecutions: r.requested,
    AvailableProvisionedConcurrentExecutions: r.allocated,
    AllocatedProvisionedConcurrentExecutions: r.allocated,
    Status: r.status,
    ...(r.statusReason !== undefined ? { StatusReason: r.statusReason } : {}),
    LastModified: lambdaTimestamp(r.lastModified),
  };
}
