// Stage records: creation with AWS's defaults and the output projection.
// Defaults as recorded (TestStages in test_apigateway_common.snapshot.json): no cache cluster
// (status NOT_AVAILABLE), no tracing, methodSettings {}; a cache cluster, when enabled, is
// 0.5 GB unless sized and reports AVAILABLE at once (AWS passes through CREATE_IN_PROGRESS).
import type { CacheClusterSize, MethodSetting, Stage } from "../../aws/generated/apigateway.js";
import { cloneJson } from "./definition.js";
import type { StageRecord } from "./records.js";

export interface NewStageInput {
  stageName: string;
  deploymentId: string;
  description?: string;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: CacheClusterSize;
  variables?: Record<string, string>;
  documentationVersion?: string;
  tracingEnabled?: boolean;
  tags?: Record<string, string>;
}

export function newStage(input: NewStageInput, now: number): StageRecord {
  const cacheClusterEnabled = input.cacheClusterEnabled ?? false;
  const stage: StageRecord = {
    stageName: input.stageName,
    deploymentId: input.deploymentId,
    cacheClusterEnabled,
    cacheClusterStatus: cacheClusterEnabled ? "AVAILABLE" : "NOT_AVAILABLE",
    methodSettings: {},
    tracingEnabled: input.tracingEnabled ?? false,
    tags: { ...(input.tags ?? {}) },
    createdDate: now,
    lastUpdatedDate: now,
  };
  if (input.description !== undefined) stage.description = input.description;
  if (cacheClusterEnabled || input.cacheClusterSize !== undefined) stage.cacheClusterSize = input.cacheClusterSize ?? "0.5";
  if (input.variables && Object.keys(input.variables).length > 0) stage.variables = { ...input.variables };
  if (input.documentationVersion !== undefined) stage.documentationVersion = input.documentationVersion;
  return stage;
}

export function stageOutput(stage: StageRecord): Stage {
  const { createdDate, lastUpdatedDate, tags, ...rest } = cloneJson(stage);
  const out: Stage = { ...(rest as Stage), createdDate: new Date(createdDate), lastUpdatedDate: new Date(lastUpdatedDate) };
  if (Object.keys(tags ?? {}).length > 0) out.tags = tags;
  return out;
}

/** A method setting's starting values when a patch first creates it. */
export function defaultMethodSetting(): MethodSetting {
  return {
    metricsEnabled: false,
    dataTraceEnabled: false,
    throttlingBurstLimit: 5000,
    throttlingRateLimit: 10000,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
  };
}
