// Records -> API shapes, as AWS renders them (recorded AWS responses, test_lambda_api.snapshot.json):
// LastModified as "2024-01-01T00:00:00.000+0000", State fields only outside listings, the
// function ARN unqualified for $LATEST unless the caller named a qualifier.
import type { AliasConfiguration, FunctionConfiguration, Runtime } from "../../aws/generated/lambda.js";
import { functionArn, LATEST, type Scope } from "./arns.js";
import { runtimeVersionArn } from "./runtimes.js";
import type { AliasRecord, VersionRecord } from "./types.js";

/** Lambda's timestamp format: ISO 8601 with milliseconds and a "+0000" offset. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

export interface RenderOptions {
  /** Report $LATEST as "...:function:name:$LATEST" (listings, or when the caller gave the qualifier). */
  qualifyLatest?: boolean;
  /** ListFunctions and ListVersionsByFunction leave the state fields and RuntimeVersionConfig out. */
  listing?: boolean;
}

export function renderConfiguration(scope: Scope, name: string, v: VersionRecord, options: RenderOptions = {}): FunctionConfiguration {
  const qualifier = v.version === LATEST ? (options.qualifyLatest ? LATEST : undefined) : v.version;
  const out: FunctionConfiguration = {
    FunctionName: name,
    FunctionArn: functionArn(scope, name, qualifier),
    Role: v.role,
    CodeSize: v.code.size,
    Description: v.description,
    Timeout: v.timeout,
    MemorySize: v.memorySize,
    LastModified: lambdaTimestamp(v.lastModified),
    CodeSha256: v.code.sha256,
    Version: v.version,
    TracingConfig: { Mode: v.tracingMode },
    RevisionId: v.revisionId,
    PackageType: v.packageType,
    Architectures: [...v.architectures] as FunctionConfiguration["Architectures"],
    EphemeralStorage: { Size: v.ephemeralStorageMb },
    SnapStart: { ApplyOn: v.snapStartApplyOn, OptimizationStatus: "Off" },
    LoggingConfig: {
      LogFormat: v.logging.logFormat,
      ...(v.logging.applicationLogLevel ? { ApplicationLogLevel: v.logging.applicationLogLevel as never } : {}),
      ...(v.logging.systemLogLevel ? { SystemLogLevel: v.logging.systemLogLevel as never } : {}),
      LogGroup: v.logging.logGroup,
    },
  };
  if (v.runtime !== undefined) {
    out.Runtime = v.runtime as Runtime;
    // Listings leave the runtime version out, as they leave the state out.
    if (!options.listing) out.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(scope.partition, scope.region, v.runtime) };
  }
  if (v.handler !== undefined) out.Handler = v.handler;
  if (v.environment !== undefined) out.Environment = { Variables: { ...v.environment } };
  if (v.layers.length > 0) out.Layers = v.layers.map((l) => ({ Arn: l.arn, CodeSize: l.code.size }));
  if (v.deadLetterTargetArn !== undefined) out.DeadLetterConfig = { TargetArn: v.deadLetterTargetArn };
  if (v.kmsKeyArn !== undefined) out.KMSKeyArn = v.kmsKeyArn;
  if (v.vpcConfig !== undefined) out.VpcConfig = { ...v.vpcConfig, VpcId: "" };
  if (v.fileSystemConfigs !== undefined) out.FileSystemConfigs = v.fileSystemConfigs.map((f) => ({ ...f }));
  if (!options.listing) {
    out.State = v.state;
    if (v.stateReason !== undefined) out.StateReason = v.stateReason;
    if (v.stateReasonCode !== undefined) out.StateReasonCode = v.stateReasonCode as FunctionConfiguration["StateReasonCode"];
    if (v.lastUpdateStatus !== undefined) out.LastUpdateStatus = v.lastUpdateStatus;
    if (v.lastUpdateStatusReason !== undefined) out.LastUpdateStatusReason = v.lastUpdateStatusReason;
    if (v.lastUpdateStatusReasonCode !== undefined) {
      out.LastUpdateStatusReasonCode = v.lastUpdateStatusReasonCode as FunctionConfiguration["LastUpdateStatusReasonCode"];
    }
  }
  return out;
}

export function renderAlias(scope: Scope, functionName: string, a: AliasRecord): AliasConfiguration {
  const out: AliasConfiguration = {
    AliasArn: functionArn(scope, functionName, a.name),
    Name: a.name,
    FunctionVersion: a.functionVersion,
    Description: a.description,
    RevisionId: a.revisionId,
  };
  if (a.additionalVersionWeights !== undefined) out.RoutingConfig = { AdditionalVersionWeights: { ...a.additionalVersionWeights } };
  return out;
}
