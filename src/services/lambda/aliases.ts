// Aliases (https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html): named
// pointers to a version, optionally splitting traffic with one additional version by weight
// (RoutingConfig.AdditionalVersionWeights).
import type { RequestContext } from "../../aws/context.js";
import {
  InvalidParameterValueException,
  type AliasConfiguration,
  type AliasRoutingConfiguration,
  type CreateAliasRequest,
  type DeleteAliasRequest,
  type GetAliasRequest,
  type ListAliasesRequest,
  type ListAliasesResponse,
  type UpdateAliasRequest,
} from "../../aws/generated/lambda.js";
import { isUniqueViolation } from "../../storage/conventions.js";
import { functionArn, LATEST, type Scope } from "./arns.js";
import { newRevisionId, type LambdaEnv } from "./context.js";
import { conflict, functionNotFound, invalidParameter, notFound, revisionMismatch } from "./errors.js";
import { identify, requireFunction, versionOf } from "./lookup.js";
import { decodeMarker, page } from "./paging.js";
import { renderAlias } from "./render.js";
import type { AliasRecord, FunctionRecord } from "./types.js";

const DEFAULT_LIST_ITEMS = 50;

export async function createAlias(env: LambdaEnv, ctx: RequestContext, input: CreateAliasRequest): Promise<AliasConfiguration> {
  const { scope, name } = identify(ctx, input.FunctionName);
  const fn = await env.store.getFunction(scope, name);
  if (!fn) throw functionNotFound(functionArn(scope, name, input.FunctionVersion));
  await versionOf(env, scope, fn, input.FunctionVersion);
  const weights = await checkRouting(env, scope, fn, input.FunctionVersion, input.RoutingConfig);
  const alias: AliasRecord = {
    name: input.Name,
    functionVersion: input.FunctionVersion,
    description: input.Description ?? "",
    ...(weights ? { additionalVersionWeights: weights } : {}),
    revisionId: newRevisionId(),
  };
  try {
    await env.store.insertAlias(scope, name, alias);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Alias already exists: ${functionArn(scope, name, input.Name)}`);
    throw err;
  }
  return renderAlias(scope, name, alias);
}

export async function getAlias(env: LambdaEnv, ctx: RequestContext, input: GetAliasRequest): Promise<AliasConfiguration> {
  const { scope, name } = identify(ctx, input.FunctionName);
  await requireFunction(env, scope, name);
  const alias = await env.store.getAlias(scope, name, input.Name);
  if (!alias) throw notFound(`Cannot find alias arn: ${functionArn(scope, name, input.Name)}`);
  return renderAlias(scope, name, alias);
}

export async function updateAlias(env: LambdaEnv, ctx: RequestContext, input: UpdateAliasRequest): Promise<AliasConfiguration> {
  const { scope, name } = identify(ctx, input.FunctionName);
  const fn = await requireFunction(env, scope, name);
  const current = await env.store.getAlias(scope, name, input.Name);
  if (!current) throw notFound(`Alias not found: ${functionArn(scope, name, input.Name)}`);
  if (input.RevisionId !== undefined && input.RevisionId !== current.revisionId) throw revisionMismatch("GetFunction/GetAlias");
  const functionVersion = input.FunctionVersion ?? current.functionVersion;
  if (input.FunctionVersion !== undefined) await versionOf(env, scope, fn, functionVersion);
  const routing = input.RoutingConfig !== undefined ? input.RoutingConfig : routingOf(current);
  const weights = await checkRouting(env, scope, fn, functionVersion, routing);
  const next: AliasRecord = {
    name: current.name,
    functionVersion,
    description: input.Description ?? current.description,
    ...(weights ? { additionalVersionWeights: weights } : {}),
    revisionId: newRevisionId(),
  };
  await env.store.saveAlias(scope, name, next);
  return renderAlias(scope, name, next);
}

export async function deleteAlias(env: LambdaEnv, ctx: RequestContext, input: DeleteAliasRequest): Promise<void> {
  const { scope, name } = identify(ctx, input.FunctionName);
  await requireFunction(env, scope, name);
  // Deleting an alias that does not exist succeeds (recorded AWS response).
  await env.store.transaction(async (tx) => {
    await tx.deleteAlias(scope, name, input.Name);
    await tx.deleteQualifierState(scope, name, input.Name);
  });
}

export async function listAliases(env: LambdaEnv, ctx: RequestContext, input: ListAliasesRequest): Promise<ListAliasesResponse> {
  const { scope, name } = identify(ctx, input.FunctionName);
  await requireFunction(env, scope, name);
  let aliases = await env.store.listAliases(scope, name);
  if (input.FunctionVersion !== undefined) aliases = aliases.filter((a) => a.functionVersion === input.FunctionVersion);
  const after = decodeMarker(input.Marker);
  if (after !== undefined) aliases = aliases.filter((a) => a.name > after);
  const result = page(aliases, input.MaxItems ?? DEFAULT_LIST_ITEMS, (a) => a.name);
  return {
    Aliases: result.items.map((a) => renderAlias(scope, name, a)),
    ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}),
  };
}

function routingOf(alias: AliasRecord): AliasRoutingConfiguration | undefined {
  return alias.additionalVersionWeights ? { AdditionalVersionWeights: alias.additionalVersionWeights } : undefined;
}

/**
 * RoutingConfig as AWS checks it (recorded AWS responses, test_notfound_and_invalid_routingconfigs):
 * one additional version at most, published, not the primary, and the primary not $LATEST.
 * An empty map means no routing.
 */
async function checkRouting(
  env: LambdaEnv,
  scope: Scope,
  fn: FunctionRecord,
  primary: string,
  routing: AliasRoutingConfiguration | undefined,
): Promise<Record<string, number> | undefined> {
  const weights = routing?.AdditionalVersionWeights;
  if (!weights || Object.keys(weights).length === 0) return undefined;
  const versions = Object.keys(weights);
  if (versions.length > 1) throw invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
  const additional = versions[0]!;
  if (additional === primary) {
    throw invalidParameter(`Invalid function version ${primary}. Function version ${primary} is already included in routing configuration.`);
  }
  await versionOf(env, scope, fn, additional);
  // AWS words this one without the "Type" field (recorded AWS response).
  if (primary === LATEST) throw new InvalidParameterValueException("$LATEST is not supported for an alias pointing to more than 1 version");
  return { [additional]: weights[additional]! };
}
