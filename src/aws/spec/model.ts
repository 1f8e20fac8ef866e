// Types for the AWS service model JSON (botocore's service-2.json format), the wire-protocol
// truth every parser, serializer and validator in src/aws reads. Only the keys Nimbus uses
// are typed; the files keep every other key so nothing is lost when they are vendored.

export type ProtocolName = "json" | "rest-json" | "query" | "rest-xml" | "ec2";

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: ProtocolName;
  protocols?: ProtocolName[];
  serviceId: string;
  signatureVersion?: string;
  signingName?: string;
  jsonVersion?: string;
  targetPrefix?: string;
  xmlNamespace?: string;
  globalEndpoint?: string;
  /** Present on JSON services that still accept the older query protocol (SQS). */
  awsQueryCompatible?: Record<string, unknown>;
  uid?: string;
}

export interface HttpBinding {
  method: string;
  requestUri: string;
  responseCode?: number;
}

export interface ShapeRef {
  shape: string;
  location?: "uri" | "querystring" | "header" | "headers" | "statusCode";
  locationName?: string;
  queryName?: string;
  xmlNamespace?: { prefix?: string; uri: string };
  xmlAttribute?: boolean;
  flattened?: boolean;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
  streaming?: boolean;
  eventpayload?: boolean;
  timestampFormat?: TimestampFormat;
  /** On an operation's output: the element query responses wrap the result in. */
  resultWrapper?: string;
  deprecated?: boolean;
}

export type TimestampFormat = "iso8601" | "rfc822" | "unixTimestamp";

export interface OperationModel {
  name: string;
  http: HttpBinding;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  deprecated?: boolean;
  endpoint?: { hostPrefix: string };
  httpChecksum?: Record<string, unknown>;
  authtype?: string;
  /**
   * Smithy's @s3UnwrappedXmlOutput (S3 GetBucketLocation): the output's one member is the
   * document's root element itself. botocore drops the trait; models/patches/s3.json restores it.
   */
  s3UnwrappedXmlOutput?: boolean;
}

interface ShapeBase {
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  deprecated?: boolean;
  locationName?: string;
  xmlNamespace?: { prefix?: string; uri: string };
  flattened?: boolean;
  timestampFormat?: TimestampFormat;
}

export interface StructureShape extends ShapeBase {
  type: "structure";
  members: Record<string, ShapeRef>;
  required?: string[];
  payload?: string;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  union?: boolean;
  document?: boolean;
  event?: boolean;
  eventstream?: boolean;
}

export interface ListShape extends ShapeBase {
  type: "list";
  member: ShapeRef;
}

export interface MapShape extends ShapeBase {
  type: "map";
  key: ShapeRef;
  value: ShapeRef;
}

export interface StringShape extends ShapeBase {
  type: "string";
  enum?: string[];
}

export interface ScalarShape extends ShapeBase {
  type: "integer" | "long" | "float" | "double" | "boolean" | "timestamp" | "blob" | "bigdecimal" | "biginteger" | "character" | "byte" | "short";
  streaming?: boolean;
}

export type Shape = StructureShape | ListShape | MapShape | StringShape | ScalarShape;

export interface ServiceModel {
  version?: string;
  metadata: ServiceMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}
