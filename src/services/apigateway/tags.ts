// TagResource, UntagResource, GetTags: tags by resource ARN,
// arn:{partition}:apigateway:{region}::/{restapis/{id}[/stages/{name}] | apikeys/{id} |
// usageplans/{id} | domainnames/{name}}
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html).
// Tags live in the tagged record itself, so reading a resource never joins a tag table.
import type { RequestContext } from "../../aws/context.js";
import type { GetTagsRequest, TagResourceRequest, Tags, UntagResourceRequest } from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import type { Scope } from "./records.js";

const MAX_TAGS = 50;

type Tagged = { read(): Promise<Record<string, string>>; write(tags: Record<string, string>): Promise<void> };

export class TagOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async tag(ctx: RequestContext, input: TagResourceRequest): Promise<void> {
    const target = this.resolve(scopeOf(ctx), input.resourceArn);
    const tags = { ...(await target.read()), ...input.tags };
    if (Object.keys(tags).length > MAX_TAGS) throw badRequest(`Too many tags: a resource can have at most ${MAX_TAGS}`);
    await target.write(tags);
  }

  async untag(ctx: RequestContext, input: UntagResourceRequest): Promise<void> {
    const target = this.resolve(scopeOf(ctx), input.resourceArn);
    const tags = { ...(await target.read()) };
    for (const key of input.tagKeys) delete tags[key];
    await target.write(tags);
  }

  async get(ctx: RequestContext, input: GetTagsRequest): Promise<Tags> {
    return { tags: { ...(await this.resolve(scopeOf(ctx), input.resourceArn).read()) } };
  }

  private resolve(scope: Scope, arn: string): Tagged {
    const match = /^arn:[a-z-]+:apigateway:([a-z0-9-]+)::\/(.+)$/.exec(arn);
    if (!match || match[1] !== scope.region) throw badRequest(`Invalid resource ARN specified: ${arn}`);
    const parts = match[2]!.split("/");
    const { store, usage, domains, apis } = this.deps;
    if (parts[0] === "restapis" && parts.length === 2) {
      const apiId = parts[1]!;
      return {
        read: async () => (await apis.load(scope, apiId, () => notFound.api(scope.accountId, apiId))).attrs.tags,
        write: (tags) =>
          apis.mutate(scope, apiId, () => notFound.api(scope.accountId, apiId), (doc) => {
            doc.attrs.tags = tags;
          }),
      };
    }
    if (parts[0] === "restapis" && parts[2] === "stages" && parts.length === 4) {
      const [, apiId, , stageName] = parts as [string, string, string, string];
      const load = async () => {
        const stage = await store.getStage(scope, apiId, stageName);
        if (!stage) throw notFound.stage();
        return stage;
      };
      return {
        read: async () => (await load()).tags,
        write: async (tags) => store.saveStage(scope, apiId, { ...(await load()), tags }),
      };
    }
    if (parts[0] === "apikeys" && parts.length === 2) {
      const load = async () => (await usage.getApiKey(scope, parts[1]!)) ?? Promise.reject(notFound.apiKey());
      return { read: async () => (await load()).tags, write: async (tags) => usage.saveApiKey(scope, { ...(await load()), tags }) };
    }
    if (parts[0] === "usageplans" && parts.length === 2) {
      const load = async () => (await usage.getUsagePlan(scope, parts[1]!)) ?? Promise.reject(notFound.usagePlan());
      return { read: async () => (await load()).tags, write: async (tags) => usage.saveUsagePlan(scope, { ...(await load()), tags }) };
    }
    if (parts[0] === "domainnames" && parts.length === 2) {
      const load = async () => (await domains.getDomainName(scope, parts[1]!)) ?? Promise.reject(notFound.domainName());
      return { read: async () => (await load()).tags, write: async (tags) => domains.saveDomainName(scope, { ...(await load()), tags }) };
    }
    throw badRequest(`Invalid resource ARN specified: ${arn}`);
  }
}
