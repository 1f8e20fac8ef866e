// The records the Lambda control plane keeps. A function is its $LATEST configuration plus
// immutable published versions (each a snapshot of code + configuration), aliases pointing at
// versions, per-qualifier resource policies and concurrency settings. Records are stored as
// JSON in the store (see store.ts) and rendered into API shapes by render.ts.

/** Function states (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html). */
export type FunctionState = "Pending" | "Active" | "Inactive" | "Failed";
export type LastUpdateStatus = "Successful" | "Failed" | "InProgress";

export interface CodeRef {
  /** Blob key of the zip in the Lambda blob store (see code-store.ts). */
  blobKey: string;
  /** SHA-256 of the zip, base64: what CodeSha256 reports. */
  sha256: string;
  /** Zipped size in bytes (CodeSize). */
  size: number;
  /** Sum of the entries' uncompressed sizes, for the 250 MB code + layers limit. */
  unzippedSize: number;
}

export interface LayerRef {
  /** Layer version ARN (arn:...:layer:name:N). */
  arn: string;
  /** The layer version's archive (kept while referenced, even after DeleteLayerVersion). */
  code: CodeRef;
}

export interface LoggingSettings {
  logFormat: "Text" | "JSON";
  applicationLogLevel?: string;
  systemLogLevel?: string;
  logGroup: string;
}

/** One version of a function ($LATEST or a published number): its code and configuration. */
export interface VersionRecord {
  /** "$LATEST" or "1", "2", ... */
  version: string;
  runtime?: string;
  handler?: string;
  role: string;
  description: string;
  timeout: number;
  memorySize: number;
  /** Present when the caller gave an Environment, even an empty one (AWS then reports it). */
  environment?: Record<string, string>;
  layers: LayerRef[];
  architectures: string[];
  ephemeralStorageMb: number;
  tracingMode: "Active" | "PassThrough";
  deadLetterTargetArn?: string;
  kmsKeyArn?: string;
  vpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; Ipv6AllowedForDualStack?: boolean };
  fileSystemConfigs?: { Arn: string; LocalMountPath: string }[];
  packageType: "Zip" | "Image";
  imageUri?: string;
  snapStartApplyOn: "PublishedVersions" | "None";
  logging: LoggingSettings;
  code: CodeRef;
  revisionId: string;
  /** Epoch ms of the last configuration or code change (LastModified). */
  lastModified: number;
  state: FunctionState;
  stateReason?: string;
  stateReasonCode?: string;
  /** Absent right after CreateFunction, as AWS omits it until the first update settles. */
  lastUpdateStatus?: LastUpdateStatus;
  lastUpdateStatusReason?: string;
  lastUpdateStatusReasonCode?: string;
  /** Epoch ms at which a Pending state or an InProgress update settles (see state.ts). */
  settlesAt?: number;
  /** Published versions: a digest of the $LATEST they were published from (versions.ts). */
  publishedFrom?: string;
}

/** The function itself: its $LATEST and what belongs to the function as a whole. */
export interface FunctionRecord {
  accountId: string;
  region: string;
  name: string;
  latest: VersionRecord;
  /** The highest version number ever published (numbers are never reused). */
  lastVersion: number;
  tags: Record<string, string>;
  reservedConcurrency?: number;
  createdAt: number;
}

export interface AliasRecord {
  name: string;
  functionVersion: string;
  description: string;
  /** version -> weight (0..1) of the additional version. */
  additionalVersionWeights?: Record<string, number>;
  revisionId: string;
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyRecord {
  statements: PolicyStatement[];
  revisionId: string;
}

export type ProvisionedStatus = "IN_PROGRESS" | "READY" | "FAILED";

export interface ProvisionedRecord {
  qualifier: string;
  requested: number;
  allocated: number;
  status: ProvisionedStatus;
  statusReason?: string;
  lastModified: number;
}

export interface LayerVersionRecord {
  layerName: string;
  version: number;
  description: string;
  licenseInfo?: string;
  compatibleRuntimes?: string[];
  compatibleArchitectures?: string[];
  code: CodeRef;
  createdAt: number;
}
