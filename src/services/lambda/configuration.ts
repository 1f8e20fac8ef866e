// Function configuration from CreateFunction and UpdateFunctionConfiguration input, with AWS's
// defaults (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html): 3 s
// timeout, 128 MB memory, 512 MB /tmp, x86_64, PassThrough tracing, Text logs to
// /aws/lambda/<name>, SnapStart off.
import type { CreateFunctionRequest, LoggingConfig, UpdateFunctionConfigurationRequest } from "../../aws/generated/lambda.js";
import { checkEnvironment, checkMemorySize, checkRuntime } from "./validation.js";
import type { LayerRef, LoggingSettings, VersionRecord } from "./types.js";

export const DEFAULT_TIMEOUT = 3;
export const DEFAULT_MEMORY = 128;
export const DEFAULT_EPHEMERAL_STORAGE = 512;

/** The configurable part of a version (everything but code, identity and state). */
export type Configuration = Pick<
  VersionRecord,
  | "runtime" | "handler" | "role" | "description" | "timeout" | "memorySize" | "environment" | "layers"
  | "architectures" | "ephemeralStorageMb" | "tracingMode" | "deadLetterTargetArn" | "kmsKeyArn" | "vpcConfig"
  | "fileSystemConfigs" | "packageType" | "imageUri" | "snapStartApplyOn" | "logging"
>;

export function initialConfiguration(name: string, input: CreateFunctionRequest, layers: LayerRef[]): Configuration {
  if (input.Runtime !== undefined) checkRuntime(input.Runtime);
  const memorySize = input.MemorySize ?? DEFAULT_MEMORY;
  checkMemorySize(memorySize);
  const environment = input.Environment ? { ...(input.Environment.Variables ?? {}) } : undefined;
  if (environment) checkEnvironment(environment);
  return {
    runtime: input.Runtime,
    handler: input.Handler,
    role: input.Role,
    description: input.Description ?? "",
    timeout: input.Timeout ?? DEFAULT_TIMEOUT,
    memorySize,
    environment,
    layers,
    architectures: input.Architectures ? [...input.Architectures] : ["x86_64"],
    ephemeralStorageMb: input.EphemeralStorage?.Size ?? DEFAULT_EPHEMERAL_STORAGE,
    tracingMode: input.TracingConfig?.Mode ?? "PassThrough",
    deadLetterTargetArn: input.DeadLetterConfig?.TargetArn || undefined,
    kmsKeyArn: input.KMSKeyArn || undefined,
    vpcConfig: vpcOf(input.VpcConfig),
    fileSystemConfigs: input.FileSystemConfigs?.map((f) => ({ Arn: f.Arn, LocalMountPath: f.LocalMountPath })),
    packageType: input.PackageType ?? "Zip",
    imageUri: input.Code.ImageUri,
    snapStartApplyOn: input.SnapStart?.ApplyOn ?? "None",
    logging: loggingOf(name, input.LoggingConfig),
  };
}

/** Applies UpdateFunctionConfiguration: members given replace, members left out stay. */
export function updatedConfiguration(
  name: string,
  current: Configuration,
  input: UpdateFunctionConfigurationRequest,
  layers: LayerRef[] | undefined,
): Configuration {
  if (input.Runtime !== undefined) checkRuntime(input.Runtime);
  if (input.MemorySize !== undefined) checkMemorySize(input.MemorySize);
  const next: Configuration = { ...current };
  if (input.Environment !== undefined) {
    next.environment = { ...(input.Environment.Variables ?? {}) };
    checkEnvironment(next.environment);
  }
  if (input.Runtime !== undefined) next.runtime = input.Runtime;
  if (input.Handler !== undefined) next.handler = input.Handler;
  if (input.Role !== undefined) next.role = input.Role;
  if (input.Description !== undefined) next.description = input.Description;
  if (input.Timeout !== undefined) next.timeout = input.Timeout;
  if (input.MemorySize !== undefined) next.memorySize = input.MemorySize;
  if (layers !== undefined) next.layers = layers;
  if (input.EphemeralStorage?.Size !== undefined) next.ephemeralStorageMb = input.EphemeralStorage.Size;
  if (input.TracingConfig?.Mode !== undefined) next.tracingMode = input.TracingConfig.Mode;
  if (input.DeadLetterConfig !== undefined) next.deadLetterTargetArn = input.DeadLetterConfig.TargetArn || undefined;
  if (input.KMSKeyArn !== undefined) next.kmsKeyArn = input.KMSKeyArn || undefined;
  if (input.VpcConfig !== undefined) next.vpcConfig = vpcOf(input.VpcConfig);
  if (input.FileSystemConfigs !== undefined) next.fileSystemConfigs = input.FileSystemConfigs.map((f) => ({ Arn: f.Arn, LocalMountPath: f.LocalMountPath }));
  if (input.SnapStart?.ApplyOn !== undefined) next.snapStartApplyOn = input.SnapStart.ApplyOn;
  if (input.LoggingConfig !== undefined) next.logging = loggingOf(name, { ...toLoggingConfig(current.logging), ...input.LoggingConfig });
  return next;
}

function vpcOf(vpc: CreateFunctionRequest["VpcConfig"]): VersionRecord["vpcConfig"] {
  if (!vpc || ((vpc.SubnetIds ?? []).length === 0 && (vpc.SecurityGroupIds ?? []).length === 0)) return undefined;
  return {
    SubnetIds: [...(vpc.SubnetIds ?? [])],
    SecurityGroupIds: [...(vpc.SecurityGroupIds ?? [])],
    ...(vpc.Ipv6AllowedForDualStack !== undefined ? { Ipv6AllowedForDualStack: vpc.Ipv6AllowedForDualStack } : {}),
  };
}

/**
 * Logging: Text by default; JSON logs get INFO application and system levels unless given
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html).
 */
function loggingOf(name: string, config: LoggingConfig | undefined): LoggingSettings {
  const logFormat = config?.LogFormat ?? "Text";
  const out: LoggingSettings = { logFormat, logGroup: config?.LogGroup ?? `/aws/lambda/${name}` };
  if (logFormat === "JSON") {
    out.applicationLogLevel = config?.ApplicationLogLevel ?? "INFO";
    out.systemLogLevel = config?.SystemLogLevel ?? "INFO";
  }
  return out;
}

function toLoggingConfig(l: LoggingSettings): LoggingConfig {
  return { LogFormat: l.logFormat, LogGroup: l.logGroup };
}
