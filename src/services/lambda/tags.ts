// TagResource, UntagResource, ListTags on functions
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html). Tags belong to the
// function, not to its versions or aliases; a function has at most 50.
import type { RequestContext } from "../../aws/context.js";
import { NotImplementedError } from "../../aws/errors.js";
import type { ListTagsRequest, ListTagsResponse, TagResourceRequest, UntagResourceRequest } from "../../aws/generated/lambda.js";
import { functionArn, type Scope } from "./arns.js";
import { newRevisionId, type LambdaEnv } from "./context.js";
import { invalidParameter, updateInProgress } from "./errors.js";
import { identify, requireFunction, type Target } from "./lookup.js";
import type { FunctionRecord } from "./types.js";
import { checkTagCount } from "./validation.js";

/** The function a taggable ARN names (the model's pattern has already been checked). */
async function taggedFunction(env: LambdaEnv, ctx: RequestContext, resource: string): Promise<{ target: Target; fn: FunctionRecord }> {
  const kind = resource.split(":")[5];
  if (kind !== "function") {
    throw new NotImplementedError("Lambda", ctx.operation, `Tagging ${kind} resources is not supported by Nimbus yet.`);
  }
  const target = identify(ctx, resource);
  if (target.qualifier !== undefined) {
    throw invalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.");
  }
  return { target, fn: await requireFunction(env, target.scope, target.name) };
}

export async function tagResource(env: LambdaEnv, ctx: RequestContext, input: TagResourceRequest): Promise<void> {
  const { target, fn } = await taggedFunction(env, ctx, input.Resource);
  if (Object.keys(input.Tags).length === 0) throw invalidParameter("An error occurred and the request cannot be processed.");
  const tags = { ...fn.tags, ...input.Tags };
  checkTagCount(Object.keys(tags).length);
  await saveTags(env, target.scope, fn, tags);
}

export async function untagResource(env: LambdaEnv, ctx: RequestContext, input: UntagResourceRequest): Promise<void> {
  const { target, fn } = await taggedFunction(env, ctx, input.Resource);
  const tags = { ...fn.tags };
  for (const key of input.TagKeys) delete tags[key];
  await saveTags(env, target.scope, fn, tags);
}

/** Tag changes move the function's RevisionId (recorded AWS responses, TestLambdaTags::test_tag_lifecycle). */
async function saveTags(env: LambdaEnv, scope: Scope, fn: FunctionRecord, tags: Record<string, string>): Promise<void> {
  if (!(await env.store.setTags(scope, fn, tags, newRevisionId()))) throw updateInProgress(functionArn(scope, fn.name));
}

export async function listTags(env: LambdaEnv, ctx: RequestContext, input: ListTagsRequest): Promise<ListTagsResponse> {
  const { fn } = await taggedFunction(env, ctx, input.Resource);
  return { Tags: { ...fn.tags } };
}
