// The durable shapes of API Gateway's control-plane state. A REST API is one document
// (its attributes plus its definition: resources with their methods, integrations and
// responses, models, request validators, authorizers and gateway responses), the way API
// Gateway itself treats an API when it imports, exports and deploys it. Deployments freeze a
// copy of that document; the data plane serves those copies. Field names and value shapes
// follow the API's own output shapes (src/aws/generated/apigateway.ts) so answering a read is
// a projection, never a translation; timestamps are epoch milliseconds.
import type {
  ApiKeySourceType,
  AuthorizerType,
  ContentHandlingStrategy,
  DocumentationPartType,
  EndpointConfiguration,
  GatewayResponseType,
  IntegrationType,
  MethodSetting,
  QuotaSettings,
  ThrottleSettings,
} from "../../aws/generated/apigateway.js";

/** Where a record lives: every table is namespaced by account and region. */
export interface Scope {
  accountId: string;
  region: string;
}

export interface RestApiAttrs {
  id: string;
  name: string;
  description?: string;
  version?: string;
  createdDate: number;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: ApiKeySourceType;
  endpointConfiguration: EndpointConfiguration;
  policy?: string;
  tags: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  warnings?: string[];
}

export interface IntegrationResponseRecord {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string | null>;
  contentHandling?: ContentHandlingStrategy;
}

export interface IntegrationRecord {
  type: IntegrationType;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string | null>;
  passthroughBehavior: string;
  contentHandling?: ContentHandlingStrategy;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponseRecord>;
  tlsConfig?: { insecureSkipVerification?: boolean };
  responseTransferMode?: string;
  integrationTarget?: string;
}

export interface MethodResponseRecord {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponseRecord>;
  methodIntegration?: IntegrationRecord;
}

export interface ResourceRecord {
  id: string;
  /** Absent on the root resource "/". */
  parentId?: string;
  pathPart?: string;
  /** Keyed by HTTP method (GET, POST, ..., ANY), in the order they were put. */
  methods: Record<string, MethodRecord>;
}

export interface ModelRecord {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

export interface RequestValidatorRecord {
  id: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface AuthorizerRecord {
  id: string;
  name: string;
  type: AuthorizerType;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

/** A gateway response the API's owner put (defaults are computed, never stored). */
export interface GatewayResponseRecord {
  responseType: GatewayResponseType;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

export interface DocumentationPartRecord {
  id: string;
  location: { type: DocumentationPartType; path?: string; method?: string; statusCode?: string; name?: string };
  properties: string;
}

/** Everything a deployment freezes: the API's routes and the objects they refer to. */
export interface ApiDefinition {
  /** In creation order; the root resource first. */
  resources: ResourceRecord[];
  models: ModelRecord[];
  requestValidators: RequestValidatorRecord[];
  authorizers: AuthorizerRecord[];
  gatewayResponses: GatewayResponseRecord[];
  documentationParts: DocumentationPartRecord[];
}

/** A REST API as stored: attributes, definition and the row version for optimistic updates. */
export interface RestApiDocument {
  attrs: RestApiAttrs;
  definition: ApiDefinition;
  version: number;
}

export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: number;
}

/** The frozen copy a deployment keeps: the API's attributes and definition at that moment. */
export interface DeploymentContent {
  api: RestApiAttrs;
  definition: ApiDefinition;
}

export interface CanarySettingsRecord {
  percentTraffic: number;
  deploymentId?: string;
  stageVariableOverrides?: Record<string, string>;
  useStageCache: boolean;
}

export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description?: string;
  clientCertificateId?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus: string;
  methodSettings: Record<string, MethodSetting>;
  variables?: Record<string, string>;
  documentationVersion?: string;
  accessLogSettings?: { format?: string; destinationArn?: string };
  canarySettings?: CanarySettingsRecord;
  tracingEnabled: boolean;
  webAclArn?: string;
  tags: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface ApiKeyRecord {
  id: string;
  value: string;
  name?: string;
  customerId?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  tags: Record<string, string>;
}

export interface ApiStageRecord {
  apiId: string;
  stage: string;
  throttle?: Record<string, ThrottleSettings>;
}

export interface UsagePlanRecord {
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStageRecord[];
  throttle?: ThrottleSettings;
  quota?: QuotaSettings;
  productCode?: string;
  tags: Record<string, string>;
  createdDate: number;
}

export interface DomainNameRecord {
  domainName: string;
  domainNameId?: string;
  certificateName?: string;
  certificateArn?: string;
  certificateUploadDate?: number;
  regionalDomainName?: string;
  regionalHostedZoneId?: string;
  regionalCertificateName?: string;
  regionalCertificateArn?: string;
  distributionDomainName?: string;
  distributionHostedZoneId?: string;
  endpointConfiguration: EndpointConfiguration;
  domainNameStatus: string;
  securityPolicy?: string;
  mutualTlsAuthentication?: { truststoreUri?: string; truststoreVersion?: string; truststoreWarnings?: string[] };
  ownershipVerificationCertificateArn?: string;
  tags: Record<string, string>;
  createdDate: number;
}

export interface BasePathMappingRecord {
  basePath: string;
  restApiId: string;
  stage?: string;
}
