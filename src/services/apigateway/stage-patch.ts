// UpdateStage's patch semantics, reproduced from AWS's recorded answers (TestStages,
// TestStageCrudCanary; https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html):
// - scalars (/description, /deploymentId, /cacheClusterEnabled, ...) are replaced;
// - /variables/{name} and /canarySettings/stageVariableOverrides/{name} are added, replaced
//   or removed; replacing any canary field creates the canary (on the stage's deployment,
//   0% traffic) when there is none;
// - method settings: /{resourcePath}/{httpMethod}/{group}/{setting}, the resource path
//   escaped ("~1pets~1{id}") or "*" for every resource; the settings map key is
//   "{resourcePath}/{httpMethod}" as written ("~1pets/GET", "*/*"). A new per-method setting
//   starts from the stage-wide "*/*" one;
// - a two-segment remove ("/a/b") removes the method setting "a/b", which is why removing
//   "/accessLogSettings/format" answers "Cannot remove method setting accessLogSettings/format";
// - copy promotes a canary: path /deploymentId from /canarySettings/deploymentId, path
//   /variables from /canarySettings/stageVariableOverrides.
import type { MethodSetting } from "../../aws/generated/apigateway.js";
import { validateDestinationArn, validateFormat } from "./access-log-settings.js";
import { badRequest } from "./errors.js";
import { parseBool, pathSegments, type PatchOp } from "./patch-operations.js";
import type { CanarySettingsRecord, StageRecord } from "./records.js";
import { defaultMethodSetting } from "./stage-records.js";

/** What the patch needs from outside the stage: whether a deployment exists. */
export interface StagePatchContext {
  deploymentExists(id: string): boolean;
}

const VALID_PATHS =
  "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]";

const invalidPath = (path: string) => badRequest(`Invalid method setting path: ${path}. Must be one of: ${VALID_PATHS}`);
const invalidAccessLogPath = () =>
  badRequest("Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]");
const noDeployment = () => badRequest("Deployment id does not exist");

type SettingKind = "bool" | "int" | "double" | "string";
const METHOD_SETTINGS: Record<string, [keyof MethodSetting, SettingKind]> = {
  "metrics/enabled": ["metricsEnabled", "bool"],
  "logging/dataTrace": ["dataTraceEnabled", "bool"],
  "logging/loglevel": ["loggingLevel", "string"],
  "throttling/burstLimit": ["throttlingBurstLimit", "int"],
  "throttling/rateLimit": ["throttlingRateLimit", "double"],
  "caching/ttlInSeconds": ["cacheTtlInSeconds", "int"],
  "caching/enabled": ["cachingEnabled", "bool"],
  "caching/dataEncrypted": ["cacheDataEncrypted", "bool"],
  "caching/requireAuthorizationForCacheControl": ["requireAuthorizationForCacheControl", "bool"],
  "caching/unauthorizedCacheControlHeaderStrategy": ["unauthorizedCacheControlHeaderStrategy", "string"],
};

export function applyStagePatch(stage: StageRecord, op: PatchOp, ctx: StagePatchContext): void {
  const path = op.path ?? "";
  if (op.op === "copy") return copyOp(stage, op);
  if (op.op === "remove") return removeOp(stage, path);
  if (op.op !== "add" && op.op !== "replace") throw invalidPath(path);
  const segments = pathSegments(path);
  const [first, second] = segments;
  // Method settings keep the resource path as written (still escaped) in their key.
  const raw = path.split("/").slice(1);
  if (raw.length === 4) return setMethodSetting(stage, raw, op, path);
  switch (first) {
    case "variables":
      if (segments.length !== 2 || !second) throw invalidPath(path);
      stage.variables = { ...(stage.variables ?? {}), [second]: op.value ?? "" };
      return;
    case "accessLogSettings":
      if (segments.length !== 2 || (second !== "destinationArn" && second !== "format")) throw invalidAccessLogPath();
      if (!op.value) throw badRequest("Access Log value must not be empty");
      if (second === "destinationArn") validateDestinationArn(op.value);
      else validateFormat(op.value);
      stage.accessLogSettings = { ...(stage.accessLogSettings ?? {}), [second]: op.value };
      return;
    case "canarySettings":
      return setCanary(stage, segments.slice(1), op, path, ctx);
  }
  if (segments.length !== 1 || op.op !== "replace") throw invalidPath(path);
  const value = op.value ?? "";
  switch (first) {
    case "deploymentId":
      if (!ctx.deploymentExists(value)) throw noDeployment();
      stage.deploymentId = value;
      return;
    case "description":
    case "clientCertificateId":
    case "documentationVersion":
    case "webAclArn":
      if (value === "") delete stage[first];
      else stage[first] = value;
      return;
    case "cacheClusterEnabled":
      stage.cacheClusterEnabled = parseBool(value);
      stage.cacheClusterStatus = stage.cacheClusterEnabled ? "AVAILABLE" : "NOT_AVAILABLE";
      if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= "0.5";
      return;
    case "cacheClusterSize":
      if (!["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"].includes(value)) throw badRequest(`Invalid cache cluster size specified: ${value}`);
      stage.cacheClusterSize = value;
      return;
    case "tracingEnabled":
      stage.tracingEnabled = parseBool(value);
      return;
    default:
      throw invalidPath(path);
  }
}

function setMethodSetting(stage: StageRecord, raw: string[], op: PatchOp, path: string): void {
  const [resourcePath, httpMethod, group, name] = raw;
  const entry = METHOD_SETTINGS[`${group}/${name}`];
  if (!entry || !resourcePath || !httpMethod || op.op !== "replace") throw invalidPath(path);
  const key = `${resourcePath}/${httpMethod}`;
  const setting: MethodSetting = { ...(stage.methodSettings[key] ?? stage.methodSettings["*/*"] ?? defaultMethodSetting()) };
  const [field, kind] = entry;
  const value = op.value ?? "";
  const record = setting as Record<string, unknown>;
  if (kind === "bool") record[field] = parseBool(value);
  else if (kind === "string") record[field] = value;
  else {
    const n = Number(value);
    if (value === "" || !Number.isFinite(n) || (kind === "int" && !Number.isInteger(n))) {
      throw badRequest(`Invalid value for ${group}/${name}: ${value}`);
    }
    record[field] = n;
  }
  stage.methodSettings = { ...stage.methodSettings, [key]: setting };
}

function setCanary(stage: StageRecord, rest: string[], op: PatchOp, path: string, ctx: StagePatchContext): void {
  const [field, key] = rest;
  if (field === "deploymentId" && op.op === "add") throw badRequest(`Invalid add operation with path: ${path}`);
  const canary: CanarySettingsRecord = stage.canarySettings
    ? { ...stage.canarySettings }
    : { deploymentId: stage.deploymentId, percentTraffic: 0, useStageCache: false };
  const value = op.value ?? "";
  if (field === "stageVariableOverrides" && key !== undefined && rest.length === 2) {
    canary.stageVariableOverrides = { ...(canary.stageVariableOverrides ?? {}), [key]: value };
  } else if (rest.length !== 1 || op.op !== "replace") {
    throw invalidPath(path);
  } else if (field === "deploymentId") {
    if (!ctx.deploymentExists(value)) throw noDeployment();
    canary.deploymentId = value;
  } else if (field === "percentTraffic") {
    const n = Number(value);
    if (value === "" || !Number.isFinite(n) || n < 0 || n > 100) throw badRequest("Canary weight must be between 0.0 and 100.0");
    canary.percentTraffic = n;
  } else if (field === "useStageCache") {
    canary.useStageCache = parseBool(value);
  } else {
    throw invalidPath(path);
  }
  stage.canarySettings = canary;
}

function removeOp(stage: StageRecord, path: string): void {
  const segments = pathSegments(path);
  const [first, second] = segments;
  if (segments.length === 1 && first === "canarySettings") {
    delete stage.canarySettings;
    return;
  }
  if (segments.length === 1 && first === "accessLogSettings") {
    delete stage.accessLogSettings;
    return;
  }
  if (first === "variables" && segments.length === 2) {
    const { [second!]: _removed, ...rest } = stage.variables ?? {};
    if (Object.keys(rest).length > 0) stage.variables = rest;
    else delete stage.variables;
    return;
  }
  if (first === "canarySettings" && segments.length === 3 && second === "stageVariableOverrides" && stage.canarySettings) {
    const { [segments[2]!]: _removed, ...rest } = stage.canarySettings.stageVariableOverrides ?? {};
    stage.canarySettings = { ...stage.canarySettings, stageVariableOverrides: rest };
    if (Object.keys(rest).length === 0) delete stage.canarySettings.stageVariableOverrides;
    return;
  }
  const raw = path.split("/").slice(1);
  if (raw.length === 2) {
    const key = raw.join("/");
    if (!(key in stage.methodSettings)) {
      throw badRequest(`Cannot remove method setting ${key} because there is no method setting for this method `);
    }
    const { [key]: _removed, ...rest } = stage.methodSettings;
    stage.methodSettings = rest;
    return;
  }
  throw invalidPath(path);
}

function copyOp(stage: StageRecord, op: PatchOp): void {
  const valid =
    (op.path === "/deploymentId" && op.from === "/canarySettings/deploymentId") ||
    (op.path === "/variables" && op.from === "/canarySettings/stageVariableOverrides");
  if (!valid) {
    throw badRequest(
      `Invalid copy operation with path: ${op.path} and from ${op.from}. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]`,
    );
  }
  const canary = stage.canarySettings;
  if (!canary) throw badRequest("Promotion not available. Canary does not exist.");
  if (op.path === "/deploymentId") {
    if (canary.deploymentId) stage.deploymentId = canary.deploymentId;
  } else {
    stage.variables = { ...(stage.variables ?? {}), ...(canary.stageVariableOverrides ?? {}) };
  }
}
