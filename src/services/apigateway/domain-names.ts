// DomainName and BasePathMapping: custom domains and the API stages their base paths serve.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDomainName.html
// Nimbus keeps the records (the data plane routes Host + base path with them) but serves no
// certificate; the CloudFront and regional target names are synthesised in AWS's format.
// An empty base path is stored and answered as "(none)", as AWS does.
import type { RequestContext } from "../../aws/context.js";
import type {
  BasePathMapping,
  BasePathMappings,
  CreateBasePathMappingRequest,
  CreateDomainNameRequest,
  DeleteBasePathMappingRequest,
  DeleteDomainNameRequest,
  DomainName,
  DomainNames,
  GetBasePathMappingRequest,
  GetBasePathMappingsRequest,
  GetDomainNameRequest,
  GetDomainNamesRequest,
  UpdateBasePathMappingRequest,
  UpdateDomainNameRequest,
} from "../../aws/generated/apigateway.js";
import { resolveEndpointConfiguration } from "./api-attributes.js";
import { scopeOf } from "./api-repository.js";
import { cloneJson } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { newRestApiId } from "./ids.js";
import { tagsField, type TagsPresence } from "./outputs.js";
import { paginate } from "./pagination.js";
import { pathSegments, patchErrors } from "./patch-operations.js";
import type { BasePathMappingRecord, DomainNameRecord, Scope } from "./records.js";

/** CloudFront's hosted zone, the target of every edge-optimized custom domain. */
const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";
/** Regional API Gateway hosted zones (https://docs.aws.amazon.com/general/latest/gr/apigateway.html). */
const REGIONAL_ZONES: Record<string, string> = {
  "us-east-1": "Z1UJRXOUMOOFQ8",
  "us-east-2": "ZOJJZC49E0EPZ",
  "us-west-1": "Z2MUQ32089INYE",
  "us-west-2": "Z2OJLYMUO9EFXC",
  "eu-west-1": "ZLY8HYME6SFDD",
  "eu-west-2": "ZJ5UAJN8Y3Z2Q",
  "eu-central-1": "Z1U9ULNL0V5AJ3",
  "ap-southeast-1": "ZL327KTPIQFUL",
  "ap-southeast-2": "Z2RPCDW04V8134",
  "ap-northeast-1": "Z1YSHQZHG15GKL",
};
const NONE = "(none)";

export class DomainNameOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateDomainNameRequest): Promise<DomainName> {
    const scope = scopeOf(ctx);
    if (!/^(\*\.)?([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+$/.test(input.domainName)) throw badRequest(`Invalid domain name specified: ${input.domainName}`);
    const endpointConfiguration = resolveEndpointConfiguration(input.endpointConfiguration);
    const edge = endpointConfiguration.types?.[0] === "EDGE";
    if (edge ? !input.certificateArn && !input.certificateBody : !input.regionalCertificateArn) {
      throw badRequest("A certificate was not provided for the domain name.");
    }
    const target = newRestApiId();
    const domain: DomainNameRecord = {
      domainName: input.domainName,
      endpointConfiguration,
      domainNameStatus: "AVAILABLE",
      securityPolicy: input.securityPolicy ?? "TLS_1_2",
      tags: { ...(input.tags ?? {}) },
      createdDate: this.deps.clock.now(),
    };
    if (edge) {
      Object.assign(domain, { distributionDomainName: `d${target}.cloudfront.net`, distributionHostedZoneId: CLOUDFRONT_ZONE, certificateUploadDate: domain.createdDate });
      if (input.certificateArn) domain.certificateArn = input.certificateArn;
      if (input.certificateName) domain.certificateName = input.certificateName;
    } else {
      Object.assign(domain, {
        regionalDomainName: `d-${target}.execute-api.${ctx.region}.amazonaws.com`,
        regionalHostedZoneId: REGIONAL_ZONES[ctx.region] ?? REGIONAL_ZONES["us-east-1"],
        regionalCertificateArn: input.regionalCertificateArn,
      });
      if (input.regionalCertificateName) domain.regionalCertificateName = input.regionalCertificateName;
    }
    if (input.mutualTlsAuthentication) domain.mutualTlsAuthentication = { ...input.mutualTlsAuthentication, truststoreWarnings: [] };
    if (input.ownershipVerificationCertificateArn) domain.ownershipVerificationCertificateArn = input.ownershipVerificationCertificateArn;
    if (!(await this.deps.domains.insertDomainName(scope, domain))) throw conflict("The domain name you provided already exists.");
    return domainOutput(domain, "non-empty");
  }

  async get(ctx: RequestContext, input: GetDomainNameRequest): Promise<DomainName> {
    return domainOutput(await this.requireDomain(scopeOf(ctx), input.domainName), "always");
  }

  async list(ctx: RequestContext, input: GetDomainNamesRequest): Promise<DomainNames> {
    const all = await this.deps.domains.listDomainNames(scopeOf(ctx));
    const page = paginate(all, (d) => d.domainName, input.position, input.limit);
    return { ...page, items: page.items.map((d) => domainOutput(d, "non-empty")) };
  }

  async update(ctx: RequestContext, input: UpdateDomainNameRequest): Promise<DomainName> {
    const scope = scopeOf(ctx);
    const domain = await this.requireDomain(scope, input.domainName);
    const scalars = ["certificateName", "certificateArn", "regionalCertificateName", "regionalCertificateArn", "securityPolicy", "ownershipVerificationCertificateArn"] as const;
    for (const op of input.patchOperations ?? []) {
      const segments = op.path !== undefined ? pathSegments(op.path) : [];
      const field = segments[0] as (typeof scalars)[number];
      if (segments.length === 1 && scalars.includes(field)) {
        if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
        if (op.value) domain[field] = op.value;
        else delete domain[field];
      } else if (segments[0] === "mutualTlsAuthentication" && segments.length === 2 && (segments[1] === "truststoreUri" || segments[1] === "truststoreVersion")) {
        if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
        domain.mutualTlsAuthentication = { ...(domain.mutualTlsAuthentication ?? {}), [segments[1]]: op.value ?? "" };
      } else {
        throw patchErrors.invalidPath(op.path);
      }
    }
    await this.deps.domains.saveDomainName(scope, domain);
    return domainOutput(domain, "always");
  }

  async delete(ctx: RequestContext, input: DeleteDomainNameRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requireDomain(scope, input.domainName);
    await this.deps.domains.deleteDomainName(scope, input.domainName);
  }

  async createMapping(ctx: RequestContext, input: CreateBasePathMappingRequest): Promise<BasePathMapping> {
    const scope = scopeOf(ctx);
    await this.requireDomain(scope, input.domainName);
    const mapping = await this.checkMapping(scope, { basePath: normalizeBasePath(input.basePath), restApiId: input.restApiId, stage: input.stage });
    if (!(await this.deps.domains.insertMapping(scope, input.domainName, mapping))) throw conflict("Base path already exists for this domain name");
    return { ...mapping };
  }

  async getMapping(ctx: RequestContext, input: GetBasePathMappingRequest): Promise<BasePathMapping> {
    return { ...(await this.requireMapping(scopeOf(ctx), input.domainName, input.basePath)) };
  }

  async listMappings(ctx: RequestContext, input: GetBasePathMappingsRequest): Promise<BasePathMappings> {
    const scope = scopeOf(ctx);
    await this.requireDomain(scope, input.domainName);
    const all = await this.deps.domains.listMappings(scope, input.domainName);
    return paginate(all.map((m) => ({ ...m })), (m) => m.basePath!, input.position, input.limit);
  }

  async updateMapping(ctx: RequestContext, input: UpdateBasePathMappingRequest): Promise<BasePathMapping> {
    const scope = scopeOf(ctx);
    const current = await this.requireMapping(scope, input.domainName, input.basePath);
    const next: BasePathMappingRecord = { ...current };
    for (const op of input.patchOperations ?? []) {
      if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
      const field = op.path !== undefined ? pathSegments(op.path).join("/") : "";
      if (field === "basePath") next.basePath = normalizeBasePath(op.value);
      else if (field === "restapiId" || field === "restApiId") next.restApiId = op.value ?? "";
      else if (field === "stage") {
        if (op.value) next.stage = op.value;
        else delete next.stage;
      } else throw patchErrors.invalidPath(op.path);
    }
    await this.checkMapping(scope, next);
    if (next.basePath !== current.basePath && (await this.deps.domains.getMapping(scope, input.domainName, next.basePath))) {
      throw conflict("Base path already exists for this domain name");
    }
    await this.deps.domains.replaceMapping(scope, input.domainName, current.basePath, next);
    return { ...next };
  }

  async deleteMapping(ctx: RequestContext, input: DeleteBasePathMappingRequest): Promise<void> {
    const scope = scopeOf(ctx);
    const mapping = await this.requireMapping(scope, input.domainName, input.basePath);
    await this.deps.domains.deleteMapping(scope, input.domainName, mapping.basePath);
  }

  async requireDomain(scope: Scope, domainName: string): Promise<DomainNameRecord> {
    const domain = await this.deps.domains.getDomainName(scope, domainName);
    if (!domain) throw notFound.domainName();
    return domain;
  }

  private async requireMapping(scope: Scope, domainName: string, basePath: string): Promise<BasePathMappingRecord> {
    await this.requireDomain(scope, domainName);
    const mapping = await this.deps.domains.getMapping(scope, domainName, normalizeBasePath(basePath));
    if (!mapping) throw notFound.basePathMapping();
    return mapping;
  }

  private async checkMapping(scope: Scope, mapping: { basePath: string; restApiId: string; stage?: string }): Promise<BasePathMappingRecord> {
    if (mapping.basePath !== NONE && !/^[a-zA-Z0-9$_.+!*'()-]+(\/[a-zA-Z0-9$_.+!*'()-]+)*$/.test(mapping.basePath)) {
      throw badRequest(`Invalid base path specified: ${mapping.basePath}`);
    }
    if (!(await this.deps.store.getApiAttrs(scope, mapping.restApiId))) throw badRequest("Invalid REST API identifier specified");
    if (mapping.stage !== undefined && !(await this.deps.store.getStage(scope, mapping.restApiId, mapping.stage))) {
      throw badRequest("Invalid stage identifier specified");
    }
    return { basePath: mapping.basePath, restApiId: mapping.restApiId, ...(mapping.stage !== undefined ? { stage: mapping.stage } : {}) };
  }
}

function normalizeBasePath(basePath: string | undefined): string {
  const trimmed = (basePath ?? "").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? NONE : trimmed;
}

function domainOutput(domain: DomainNameRecord, presence: TagsPresence): DomainName {
  const { createdDate: _created, certificateUploadDate, tags, ...rest } = cloneJson(domain);
  return {
    ...(rest as DomainName),
    ...(certificateUploadDate !== undefined ? { certificateUploadDate: new Date(certificateUploadDate) } : {}),
    ...tagsField(tags, presence),
  };
}
