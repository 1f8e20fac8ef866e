// PublishVersion and ListVersionsByFunction
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html): a version is an
// immutable snapshot of $LATEST's code and configuration, numbered from 1 without reuse.
// Publishing when nothing changed since the last version returns that version.
import { createHash } from "node:crypto";
import type { RequestContext } from "../../aws/context.js";
import type {
  FunctionConfiguration,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
  PublishVersionRequest,
} from "../../aws/generated/lambda.js";
import { functionArn, type Scope } from "./arns.js";
import { newRevisionId, type LambdaEnv } from "./context.js";
import { conflict, invalidParameter, revisionMismatch, updateInProgress } from "./errors.js";
import { identify, requireFunction, settleVersion } from "./lookup.js";
import { decodeMarker, page } from "./paging.js";
import { renderConfiguration } from "./render.js";
import { isSettling } from "./state.js";
import type { FunctionRecord, VersionRecord } from "./types.js";

const DEFAULT_LIST_ITEMS = 50;
/** Thrown inside the publish transaction to roll it back when a concurrent change won. */
const RACED = Symbol("raced");

export async function publishVersionOperation(env: LambdaEnv, ctx: RequestContext, input: PublishVersionRequest): Promise<FunctionConfiguration> {
  const target = identify(ctx, input.FunctionName);
  const fn = await requireFunction(env, target.scope, target.name);
  if (input.RevisionId !== undefined && input.RevisionId !== fn.latest.revisionId) throw revisionMismatch("GetFunction/GetAlias");
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== fn.latest.code.sha256) {
    throw invalidParameter(
      `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.code.sha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  if (isSettling(fn.latest, env.clock.now())) throw updateInProgress(functionArn(target.scope, fn.name));
  const version = await publishVersion(env, target.scope, fn, input.Description);
  return renderConfiguration(target.scope, fn.name, version);
}

/** Publishes $LATEST as the next version, or returns the last version when nothing changed. */
export async function publishVersion(env: LambdaEnv, scope: Scope, fn: FunctionRecord, description: string | undefined): Promise<VersionRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await env.store.listVersions(scope, fn.name);
    const last = existing[existing.length - 1];
    if (last && sameSnapshot(last, fn.latest)) return settleVersion(env, scope, fn.name, last);
    const number = fn.lastVersion + 1;
    const version: VersionRecord = {
      ...fn.latest,
      version: String(number),
      description: description ?? fn.latest.description,
      revisionId: newRevisionId(),
      publishedFrom: snapshotDigest(fn.latest),
    };
    if (version.state !== "Pending") {
      version.lastUpdateStatus = "Successful";
      delete version.lastUpdateStatusReason;
      delete version.lastUpdateStatusReasonCode;
      delete version.settlesAt;
    }
    // Publishing also gives $LATEST a new RevisionId (recorded AWS responses).
    const latest: VersionRecord = { ...fn.latest, revisionId: newRevisionId() };
    const published = await env.store
      .transaction(async (tx) => {
        if (!(await tx.advanceLastVersion(scope, fn.name, fn.lastVersion))) throw RACED;
        await tx.insertVersion(scope, fn.name, version);
        if (!(await tx.updateLatest(scope, fn.name, latest, fn.latest.revisionId))) throw RACED;
        return true;
      })
      .catch((err) => {
        if (err === RACED) return false;
        throw err;
      });
    if (published) return version;
    // Another publish took the number: look again (it may have published the same snapshot).
    const fresh = await env.store.getFunction(scope, fn.name);
    if (!fresh) break;
    fn = fresh;
  }
  throw conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(scope, fn.name)}`);
}

/**
 * Whether a version was published from a $LATEST identical to the current one: same code and
 * configuration, description included (the version's own description comes from PublishVersion).
 */
function sameSnapshot(version: VersionRecord, latest: VersionRecord): boolean {
  return version.publishedFrom === snapshotDigest(latest);
}

function snapshotDigest(v: VersionRecord): string {
  const snapshot = [
    v.code.sha256, v.runtime, v.handler, v.role, v.description, v.timeout, v.memorySize, v.environment ?? null,
    v.layers.map((l) => l.arn), v.architectures, v.ephemeralStorageMb, v.tracingMode, v.deadLetterTargetArn ?? null,
    v.kmsKeyArn ?? null, v.vpcConfig ?? null, v.fileSystemConfigs ?? null, v.snapStartApplyOn, v.logging,
  ];
  return createHash("sha256").update(JSON.stringify(snapshot)).digest("base64");
}

export async function listVersionsByFunction(env: LambdaEnv, ctx: RequestContext, input: ListVersionsByFunctionRequest): Promise<ListVersionsByFunctionResponse> {
  const target = identify(ctx, input.FunctionName);
  const fn = await requireFunction(env, target.scope, target.name);
  const after = decodeMarker(input.Marker);
  const versions = await env.store.listVersions(target.scope, fn.name);
  const all = [fn.latest, ...(await Promise.all(versions.map((v) => settleVersion(env, target.scope, fn.name, v))))];
  const start = after === undefined ? 0 : all.findIndex((v) => v.version === after) + 1;
  const result = page(all.slice(start), input.MaxItems ?? DEFAULT_LIST_ITEMS, (v) => v.version);
  return {
    Versions: result.items.map((v) => renderConfiguration(target.scope, fn.name, v, { listing: true, qualifyLatest: true })),
    ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}),
  };
}

