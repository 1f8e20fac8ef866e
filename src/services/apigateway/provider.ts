// Amazon API Gateway control plane for REST APIs (API 2015-07-09, restJson1).
// https://docs.aws.amazon.com/apigateway/latest/api/API_Operations.html
//
// Known gaps (differences from AWS):
// - Client certificates, documentation versions, SDK generation (GetSdk*) and domain name
//   access associations answer NotImplemented.
// - TestInvokeMethod/TestInvokeAuthorizer run the real data plane (test-invoke.ts); their
//   execution log follows AWS's recorded lines, see src/engines/apigw/rest/test-invoke.ts for
//   what it leaves out.
// - UpdateStage requires the account's cloudwatchRoleArn to turn logging on, as AWS does, but
//   neither assumes the role nor checks that an access log group exists.
// - GetExport does not write documentation parts (x-amazon-apigateway-documentation).
// - VPC links are records only: AVAILABLE at once (AWS takes minutes), no load balancer is checked.
// - No service quotas: AWS limits resources per API (300), APIs per region (600), stages
//   (10), usage plans and keys; Nimbus accepts any number and never throttles the control
//   plane (AWS answers TooManyRequestsException to bursts of writes).
// - Custom domain names are records only: no certificates are validated or served; the
//   regional/distribution domain names are synthesised.
// - Cache clusters report AVAILABLE at once (AWS passes through CREATE_IN_PROGRESS) and
//   FlushStageCache only notifies the data plane.
// - Request validation messages reproduce the wording recorded from AWS; rules AWS applies
//   that were never recorded (e.g. authorizer field combinations) are worded by Nimbus.
import type { RequestContext } from "../../aws/context.js";
import type { APIGatewayOperations } from "../../aws/generated/apigateway.js";
import type * as T from "../../aws/generated/apigateway.js";
import type { ServiceDefinition, ServiceDeps } from "../types.js";
import { AccountOps } from "./account.js";
import { ApiKeyOps } from "./api-keys.js";
import { ApiRepository } from "./api-repository.js";
import { AuthorizerOps } from "./authorizers.js";
import type { ControlPlaneDeps } from "./deps.js";
import { DeploymentOps } from "./deployments.js";
import { DocumentationPartOps } from "./documentation-parts.js";
import { DomainNameOps } from "./domain-names.js";
import { GatewayResponseOps } from "./gateway-responses.js";
import { validateApiGatewayInput } from "./input-validation.js";
import { IntegrationResponseOps } from "./integration-responses.js";
import { IntegrationOps } from "./integrations.js";
import { MethodResponseOps } from "./method-responses.js";
import { MethodOps } from "./methods.js";
import { ModelOps } from "./models.js";
import { ExportOps } from "./openapi-export.js";
import { OpenApiImportOps } from "./openapi-import.js";
import { RequestValidatorOps } from "./request-validators.js";
import { ResourceOps } from "./resources.js";
import { RestApiOps } from "./rest-apis.js";
import { ControlPlaneReader } from "./snapshot.js";
import { StageOps } from "./stages.js";
import { ApiGatewayStore } from "./store.js";
import { DomainStore } from "./store-domains.js";
import { UsageStore } from "./store-usage.js";
import { TagOps } from "./tags.js";
import { TestInvokeOps } from "./test-invoke.js";
import type { RestApiTester } from "./test-invoke-port.js";
import { UsageMeter, UsageOps } from "./usage.js";
import { UsagePlanOps } from "./usage-plans.js";
import { VpcLinkOps } from "./vpc-links.js";

type Ctx = RequestContext;

/** The operation modules, built once the store is open. */
class Operations {
  readonly restApis: RestApiOps;
  readonly resources: ResourceOps;
  readonly methods: MethodOps;
  readonly methodResponses: MethodResponseOps;
  readonly integrations: IntegrationOps;
  readonly integrationResponses: IntegrationResponseOps;
  readonly models: ModelOps;
  readonly validators: RequestValidatorOps;
  readonly authorizers: AuthorizerOps;
  readonly gatewayResponses: GatewayResponseOps;
  readonly deployments: DeploymentOps;
  readonly stages: StageOps;
  readonly apiKeys: ApiKeyOps;
  readonly usagePlans: UsagePlanOps;
  readonly usage: UsageOps;
  readonly domainNames: DomainNameOps;
  readonly tags: TagOps;
  readonly account: AccountOps;
  readonly reader: ControlPlaneReader;
  readonly openApiImport: OpenApiImportOps;
  readonly openApiExport: ExportOps;
  readonly documentationParts: DocumentationPartOps;
  readonly vpcLinks: VpcLinkOps;
  readonly testInvoke: TestInvokeOps;

  constructor(
    readonly deps: ControlPlaneDeps,
    tester?: () => Promise<RestApiTester>,
  ) {
    this.restApis = new RestApiOps(deps);
    this.resources = new ResourceOps(deps);
    this.methods = new MethodOps(deps);
    this.methodResponses = new MethodResponseOps(deps);
    this.integrations = new IntegrationOps(deps);
    this.integrationResponses = new IntegrationResponseOps(deps);
    this.models = new ModelOps(deps);
    this.validators = new RequestValidatorOps(deps);
    this.authorizers = new AuthorizerOps(deps);
    this.gatewayResponses = new GatewayResponseOps(deps);
    this.deployments = new DeploymentOps(deps);
    this.stages = new StageOps(deps);
    this.apiKeys = new ApiKeyOps(deps);
    this.usagePlans = new UsagePlanOps(deps);
    const meter = new UsageMeter(deps.usage);
    this.usage = new UsageOps(deps, this.usagePlans, meter);
    this.domainNames = new DomainNameOps(deps);
    this.tags = new TagOps(deps);
    this.account = new AccountOps(deps);
    this.openApiImport = new OpenApiImportOps(deps);
    this.openApiExport = new ExportOps(deps);
    this.documentationParts = new DocumentationPartOps(deps);
    this.vpcLinks = new VpcLinkOps(deps);
    this.testInvoke = new TestInvokeOps(deps, tester);
    this.reader = new ControlPlaneReader(deps.store, deps.usage, deps.domains, meter, this.stages);
  }
}

/** Operations that only read: everything else moves the data plane's generation. */
const READ_ONLY_OPERATION = /^(Get|TestInvoke)[A-Z]/;

export class ApiGatewayProvider implements Partial<APIGatewayOperations> {
  private ops!: Operations;

  constructor(private readonly deps: ServiceDeps) {
    // The operations are the arrow-function fields below (initialised before this body runs).
    // Wrapping the writes once here tells the data plane's caches about every change, whichever
    // operation made it, without each operation module having to remember to.
    const self = this as unknown as Record<string, unknown>;
    for (const name of Object.keys(self)) {
      const op = self[name];
      if (typeof op !== "function" || READ_ONLY_OPERATION.test(name) || !/^[A-Z]/.test(name)) continue;
      self[name] = async (ctx: Ctx, input: unknown) => {
        try {
          return await (op as (c: Ctx, i: unknown) => Promise<unknown>)(ctx, input);
        } finally {
          this.ops.reader.markChanged();
        }
      };
    }
  }

  async start(): Promise<void> {
    const store = await ApiGatewayStore.open(this.deps.store);
    this.ops = new Operations({
      store,
      apis: new ApiRepository(store),
      usage: new UsageStore(store.sdb),
      domains: new DomainStore(store.sdb),
      clock: this.deps.clock,
    }, this.deps.restApiTester);
  }

  /** The read API of the REST data plane (snapshot.ts); available once started. */
  get dataPlane(): ControlPlaneReader {
    return this.ops.reader;
  }

  async reset(): Promise<void> {
    await this.ops.deps.store.reset();
    this.ops.reader.clear();
  }

  // RestApi
  CreateRestApi = (ctx: Ctx, input: T.CreateRestApiRequest) => this.ops.restApis.create(ctx, input);
  GetRestApi = (ctx: Ctx, input: T.GetRestApiRequest) => this.ops.restApis.get(ctx, input);
  GetRestApis = (ctx: Ctx, input: T.GetRestApisRequest) => this.ops.restApis.list(ctx, input);
  UpdateRestApi = (ctx: Ctx, input: T.UpdateRestApiRequest) => this.ops.restApis.update(ctx, input);
  DeleteRestApi = (ctx: Ctx, input: T.DeleteRestApiRequest) => this.ops.restApis.delete(ctx, input);
  ImportRestApi = (ctx: Ctx, input: T.ImportRestApiRequest) => this.ops.openApiImport.importApi(ctx, input);
  PutRestApi = (ctx: Ctx, input: T.PutRestApiRequest) => this.ops.openApiImport.putApi(ctx, input);
  GetExport = (ctx: Ctx, input: T.GetExportRequest) => this.ops.openApiExport.get(ctx, input);

  // Resource
  CreateResource = (ctx: Ctx, input: T.CreateResourceRequest) => this.ops.resources.create(ctx, input);
  GetResource = (ctx: Ctx, input: T.GetResourceRequest) => this.ops.resources.get(ctx, input);
  GetResources = (ctx: Ctx, input: T.GetResourcesRequest) => this.ops.resources.list(ctx, input);
  UpdateResource = (ctx: Ctx, input: T.UpdateResourceRequest) => this.ops.resources.update(ctx, input);
  DeleteResource = (ctx: Ctx, input: T.DeleteResourceRequest) => this.ops.resources.delete(ctx, input);

  // Method and MethodResponse
  PutMethod = (ctx: Ctx, input: T.PutMethodRequest) => this.ops.methods.put(ctx, input);
  GetMethod = (ctx: Ctx, input: T.GetMethodRequest) => this.ops.methods.get(ctx, input);
  UpdateMethod = (ctx: Ctx, input: T.UpdateMethodRequest) => this.ops.methods.update(ctx, input);
  DeleteMethod = (ctx: Ctx, input: T.DeleteMethodRequest) => this.ops.methods.delete(ctx, input);
  PutMethodResponse = (ctx: Ctx, input: T.PutMethodResponseRequest) => this.ops.methodResponses.put(ctx, input);
  GetMethodResponse = (ctx: Ctx, input: T.GetMethodResponseRequest) => this.ops.methodResponses.get(ctx, input);
  UpdateMethodResponse = (ctx: Ctx, input: T.UpdateMethodResponseRequest) => this.ops.methodResponses.update(ctx, input);
  DeleteMethodResponse = (ctx: Ctx, input: T.DeleteMethodResponseRequest) => this.ops.methodResponses.delete(ctx, input);

  // Integration and IntegrationResponse
  PutIntegration = (ctx: Ctx, input: T.PutIntegrationRequest) => this.ops.integrations.put(ctx, input);
  GetIntegration = (ctx: Ctx, input: T.GetIntegrationRequest) => this.ops.integrations.get(ctx, input);
  UpdateIntegration = (ctx: Ctx, input: T.UpdateIntegrationRequest) => this.ops.integrations.update(ctx, input);
  DeleteIntegration = (ctx: Ctx, input: T.DeleteIntegrationRequest) => this.ops.integrations.delete(ctx, input);
  PutIntegrationResponse = (ctx: Ctx, input: T.PutIntegrationResponseRequest) => this.ops.integrationResponses.put(ctx, input);
  GetIntegrationResponse = (ctx: Ctx, input: T.GetIntegrationResponseRequest) => this.ops.integrationResponses.get(ctx, input);
  UpdateIntegrationResponse = (ctx: Ctx, input: T.UpdateIntegrationResponseRequest) => this.ops.integrationResponses.update(ctx, input);
  DeleteIntegrationResponse = (ctx: Ctx, input: T.DeleteIntegrationResponseRequest) => this.ops.integrationResponses.delete(ctx, input);

  // Model
  CreateModel = (ctx: Ctx, input: T.CreateModelRequest) => this.ops.models.create(ctx, input);
  GetModel = (ctx: Ctx, input: T.GetModelRequest) => this.ops.models.get(ctx, input);
  GetModels = (ctx: Ctx, input: T.GetModelsRequest) => this.ops.models.list(ctx, input);
  UpdateModel = (ctx: Ctx, input: T.UpdateModelRequest) => this.ops.models.update(ctx, input);
  DeleteModel = (ctx: Ctx, input: T.DeleteModelRequest) => this.ops.models.delete(ctx, input);
  GetModelTemplate = (ctx: Ctx, input: T.GetModelTemplateRequest) => this.ops.models.template(ctx, input);

  // RequestValidator
  CreateRequestValidator = (ctx: Ctx, input: T.CreateRequestValidatorRequest) => this.ops.validators.create(ctx, input);
  GetRequestValidator = (ctx: Ctx, input: T.GetRequestValidatorRequest) => this.ops.validators.get(ctx, input);
  GetRequestValidators = (ctx: Ctx, input: T.GetRequestValidatorsRequest) => this.ops.validators.list(ctx, input);
  UpdateRequestValidator = (ctx: Ctx, input: T.UpdateRequestValidatorRequest) => this.ops.validators.update(ctx, input);
  DeleteRequestValidator = (ctx: Ctx, input: T.DeleteRequestValidatorRequest) => this.ops.validators.delete(ctx, input);

  // Authorizer
  CreateAuthorizer = (ctx: Ctx, input: T.CreateAuthorizerRequest) => this.ops.authorizers.create(ctx, input);
  GetAuthorizer = (ctx: Ctx, input: T.GetAuthorizerRequest) => this.ops.authorizers.get(ctx, input);
  GetAuthorizers = (ctx: Ctx, input: T.GetAuthorizersRequest) => this.ops.authorizers.list(ctx, input);
  UpdateAuthorizer = (ctx: Ctx, input: T.UpdateAuthorizerRequest) => this.ops.authorizers.update(ctx, input);
  DeleteAuthorizer = (ctx: Ctx, input: T.DeleteAuthorizerRequest) => this.ops.authorizers.delete(ctx, input);

  // GatewayResponse
  PutGatewayResponse = (ctx: Ctx, input: T.PutGatewayResponseRequest) => this.ops.gatewayResponses.put(ctx, input);
  GetGatewayResponse = (ctx: Ctx, input: T.GetGatewayResponseRequest) => this.ops.gatewayResponses.get(ctx, input);
  GetGatewayResponses = (ctx: Ctx, input: T.GetGatewayResponsesRequest) => this.ops.gatewayResponses.list(ctx, input);
  UpdateGatewayResponse = (ctx: Ctx, input: T.UpdateGatewayResponseRequest) => this.ops.gatewayResponses.update(ctx, input);
  DeleteGatewayResponse = (ctx: Ctx, input: T.DeleteGatewayResponseRequest) => this.ops.gatewayResponses.delete(ctx, input);

  // Deployment
  CreateDeployment = (ctx: Ctx, input: T.CreateDeploymentRequest) => this.ops.deployments.create(ctx, input);
  GetDeployment = (ctx: Ctx, input: T.GetDeploymentRequest) => this.ops.deployments.get(ctx, input);
  GetDeployments = (ctx: Ctx, input: T.GetDeploymentsRequest) => this.ops.deployments.list(ctx, input);
  UpdateDeployment = (ctx: Ctx, input: T.UpdateDeploymentRequest) => this.ops.deployments.update(ctx, input);
  DeleteDeployment = (ctx: Ctx, input: T.DeleteDeploymentRequest) => this.ops.deployments.delete(ctx, input);

  // Stage
  CreateStage = (ctx: Ctx, input: T.CreateStageRequest) => this.ops.stages.create(ctx, input);
  GetStage = (ctx: Ctx, input: T.GetStageRequest) => this.ops.stages.get(ctx, input);
  GetStages = (ctx: Ctx, input: T.GetStagesRequest) => this.ops.stages.list(ctx, input);
  UpdateStage = (ctx: Ctx, input: T.UpdateStageRequest) => this.ops.stages.update(ctx, input);
  DeleteStage = (ctx: Ctx, input: T.DeleteStageRequest) => this.ops.stages.delete(ctx, input);
  FlushStageCache = (ctx: Ctx, input: T.FlushStageCacheRequest) => this.ops.stages.flushCache(ctx, input);
  FlushStageAuthorizersCache = (ctx: Ctx, input: T.FlushStageAuthorizersCacheRequest) => this.ops.stages.flushAuthorizersCache(ctx, input);

  // ApiKey
  CreateApiKey = (ctx: Ctx, input: T.CreateApiKeyRequest) => this.ops.apiKeys.create(ctx, input);
  GetApiKey = (ctx: Ctx, input: T.GetApiKeyRequest) => this.ops.apiKeys.get(ctx, input);
  GetApiKeys = (ctx: Ctx, input: T.GetApiKeysRequest) => this.ops.apiKeys.list(ctx, input);
  UpdateApiKey = (ctx: Ctx, input: T.UpdateApiKeyRequest) => this.ops.apiKeys.update(ctx, input);
  DeleteApiKey = (ctx: Ctx, input: T.DeleteApiKeyRequest) => this.ops.apiKeys.delete(ctx, input);
  ImportApiKeys = (ctx: Ctx, input: T.ImportApiKeysRequest) => this.ops.apiKeys.import(ctx, input);

  // UsagePlan, UsagePlanKey, Usage
  CreateUsagePlan = (ctx: Ctx, input: T.CreateUsagePlanRequest) => this.ops.usagePlans.create(ctx, input);
  GetUsagePlan = (ctx: Ctx, input: T.GetUsagePlanRequest) => this.ops.usagePlans.get(ctx, input);
  GetUsagePlans = (ctx: Ctx, input: T.GetUsagePlansRequest) => this.ops.usagePlans.list(ctx, input);
  UpdateUsagePlan = (ctx: Ctx, input: T.UpdateUsagePlanRequest) => this.ops.usagePlans.update(ctx, input);
  DeleteUsagePlan = (ctx: Ctx, input: T.DeleteUsagePlanRequest) => this.ops.usagePlans.delete(ctx, input);
  CreateUsagePlanKey = (ctx: Ctx, input: T.CreateUsagePlanKeyRequest) => this.ops.usagePlans.createKey(ctx, input);
  GetUsagePlanKey = (ctx: Ctx, input: T.GetUsagePlanKeyRequest) => this.ops.usagePlans.getKey(ctx, input);
  GetUsagePlanKeys = (ctx: Ctx, input: T.GetUsagePlanKeysRequest) => this.ops.usagePlans.listKeys(ctx, input);
  DeleteUsagePlanKey = (ctx: Ctx, input: T.DeleteUsagePlanKeyRequest) => this.ops.usagePlans.deleteKey(ctx, input);
  GetUsage = (ctx: Ctx, input: T.GetUsageRequest) => this.ops.usage.get(ctx, input);
  UpdateUsage = (ctx: Ctx, input: T.UpdateUsageRequest) => this.ops.usage.update(ctx, input);

  // DomainName, BasePathMapping
  CreateDomainName = (ctx: Ctx, input: T.CreateDomainNameRequest) => this.ops.domainNames.create(ctx, input);
  GetDomainName = (ctx: Ctx, input: T.GetDomainNameRequest) => this.ops.domainNames.get(ctx, input);
  GetDomainNames = (ctx: Ctx, input: T.GetDomainNamesRequest) => this.ops.domainNames.list(ctx, input);
  UpdateDomainName = (ctx: Ctx, input: T.UpdateDomainNameRequest) => this.ops.domainNames.update(ctx, input);
  DeleteDomainName = (ctx: Ctx, input: T.DeleteDomainNameRequest) => this.ops.domainNames.delete(ctx, input);
  CreateBasePathMapping = (ctx: Ctx, input: T.CreateBasePathMappingRequest) => this.ops.domainNames.createMapping(ctx, input);
  GetBasePathMapping = (ctx: Ctx, input: T.GetBasePathMappingRequest) => this.ops.domainNames.getMapping(ctx, input);
  GetBasePathMappings = (ctx: Ctx, input: T.GetBasePathMappingsRequest) => this.ops.domainNames.listMappings(ctx, input);
  UpdateBasePathMapping = (ctx: Ctx, input: T.UpdateBasePathMappingRequest) => this.ops.domainNames.updateMapping(ctx, input);
  DeleteBasePathMapping = (ctx: Ctx, input: T.DeleteBasePathMappingRequest) => this.ops.domainNames.deleteMapping(ctx, input);

  // DocumentationPart
  CreateDocumentationPart = (ctx: Ctx, input: T.CreateDocumentationPartRequest) => this.ops.documentationParts.create(ctx, input);
  GetDocumentationPart = (ctx: Ctx, input: T.GetDocumentationPartRequest) => this.ops.documentationParts.get(ctx, input);
  GetDocumentationParts = (ctx: Ctx, input: T.GetDocumentationPartsRequest) => this.ops.documentationParts.list(ctx, input);
  UpdateDocumentationPart = (ctx: Ctx, input: T.UpdateDocumentationPartRequest) => this.ops.documentationParts.update(ctx, input);
  DeleteDocumentationPart = (ctx: Ctx, input: T.DeleteDocumentationPartRequest) => this.ops.documentationParts.delete(ctx, input);
  ImportDocumentationParts = (ctx: Ctx, input: T.ImportDocumentationPartsRequest) => this.ops.documentationParts.import(ctx, input);

  // VpcLink
  CreateVpcLink = (ctx: Ctx, input: T.CreateVpcLinkRequest) => this.ops.vpcLinks.create(ctx, input);
  GetVpcLink = (ctx: Ctx, input: T.GetVpcLinkRequest) => this.ops.vpcLinks.get(ctx, input);
  GetVpcLinks = (ctx: Ctx, input: T.GetVpcLinksRequest) => this.ops.vpcLinks.list(ctx, input);
  UpdateVpcLink = (ctx: Ctx, input: T.UpdateVpcLinkRequest) => this.ops.vpcLinks.update(ctx, input);
  DeleteVpcLink = (ctx: Ctx, input: T.DeleteVpcLinkRequest) => this.ops.vpcLinks.delete(ctx, input);

  // Test invocations (the console's Test tab): they change nothing, so they do not move the data plane's generation.
  TestInvokeMethod = (ctx: Ctx, input: T.TestInvokeMethodRequest) => this.ops.testInvoke.method(ctx, input);
  TestInvokeAuthorizer = (ctx: Ctx, input: T.TestInvokeAuthorizerRequest) => this.ops.testInvoke.authorizer(ctx, input);

  // Tags and account
  TagResource = (ctx: Ctx, input: T.TagResourceRequest) => this.ops.tags.tag(ctx, input);
  UntagResource = (ctx: Ctx, input: T.UntagResourceRequest) => this.ops.tags.untag(ctx, input);
  GetTags = (ctx: Ctx, input: T.GetTagsRequest) => this.ops.tags.get(ctx, input);
  GetAccount = (ctx: Ctx, input: T.GetAccountRequest) => this.ops.account.get(ctx, input);
  UpdateAccount = (ctx: Ctx, input: T.UpdateAccountRequest) => this.ops.account.update(ctx, input);
}

export const apiGatewayService: ServiceDefinition = {
  name: "apigateway",
  validation: { validate: validateApiGatewayInput },
  create: (deps) => new ApiGatewayProvider(deps),
};
