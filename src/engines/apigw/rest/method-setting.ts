// The stage's method setting for a route (methodSettingFor: the method's own, else "*/*"), kept
// per stage record and resource: a request asks up to three times (throttling, the response cache,
// execution logs) and each answer escapes the resource path and tries four keys. Stage records
// the data plane serves are frozen snapshots (ControlPlaneReader.resolveStage) and resources
// belong to immutable deployments, so an answer holds for as long as both objects live.
import type { MethodSetting } from "../../../aws/generated/apigateway.js";
import type { StageRecord } from "../../../services/apigateway/records.js";
import { methodSettingFor, type SnapshotResource } from "../../../services/apigateway/snapshot.js";

const kept = new WeakMap<StageRecord, WeakMap<SnapshotResource, Map<string, MethodSetting | undefined>>>();

export function routeMethodSetting(stage: StageRecord, resource: SnapshotResource, httpMethod: string): MethodSetting | undefined {
  if (!hasAny(stage.methodSettings)) return undefined;
  let byResource = kept.get(stage);
  if (!byResource) kept.set(stage, (byResource = new WeakMap()));
  let byMethod = byResource.get(resource);
  if (!byMethod) byResource.set(resource, (byMethod = new Map()));
  if (byMethod.has(httpMethod)) return byMethod.get(httpMethod);
  const setting = methodSettingFor(stage, resource.path, httpMethod);
  byMethod.set(httpMethod, setting);
  return setting;
}

function hasAny(settings: Readonly<Record<string, MethodSetting>>): boolean {
  for (const key in settings) if (Object.hasOwn(settings, key)) return true;
  return false;
}
