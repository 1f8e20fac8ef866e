// Function, version, alias and layer identifiers. Lambda accepts a function as a name
// ("my-function"), a partial ARN ("123456789012:function:my-function") or a full ARN
// ("arn:aws:lambda:us-west-2:123456789012:function:my-function"), each optionally with a
// ":qualifier" (version or alias); some operations also take a Qualifier parameter.
// https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestSyntax
import { partitionOf } from "../../aws/arn.js";
import type { RequestContext } from "../../aws/context.js";
import { InvalidParameterValueException, ResourceNotFoundException } from "../../aws/generated/lambda.js";

export const LATEST = "$LATEST";

/** The account and region a request works in; every Lambda resource lives in one. */
export interface Scope {
  accountId: string;
  region: string;
  partition: string;
}

/**
 * The request's scope: one frozen object per account and region, so the per-request look-ups
 * keyed by it (invoke cache, concurrency counts, reserved sum: scope-keys.ts) find their keys
 * already made instead of joining and hashing new strings on every invocation.
 */
export function scopeOf(ctx: Pick<RequestContext, "accountId" | "region">): Scope {
  const byRegion = scopes.get(ctx.accountId);
  const known = byRegion?.get(ctx.region);
  if (known !== undefined) return known;
  const scope: Scope = Object.freeze({ accountId: ctx.accountId, region: ctx.region, partition: partitionOf(ctx.region) });
  if (scopeCount >= MAX_SCOPES) {
    scopes.clear();
    scopeCount = 0;
  }
  let regions = scopes.get(ctx.accountId);
  if (regions === undefined) scopes.set(ctx.accountId, (regions = new Map()));
  regions.set(ctx.region, scope);
  scopeCount++;
  return scope;
}

/** Account -> region -> scope; dropped whole past MAX_SCOPES (account ids come from requests). */
const scopes = new Map<string, Map<string, Scope>>();
const MAX_SCOPES = 10_000;
let scopeCount = 0;

export function functionArn(scope: Scope, name: string, qualifier?: string): string {
  const base = `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

export function layerArn(scope: Scope, layerName: string, version?: number): string {
  const base = `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:layer:${layerName}`;
  return version === undefined ? base : `${base}:${version}`;
}

/**
 * The model's NamespacedFunctionName pattern with capture groups: partition, region, account,
 * name, qualifier. Matching it whole mirrors how Lambda splits the identifier (an ARN that ends
 * in ":function" names a function called "function", as AWS answers).
 */
const FUNCTION_IDENTIFIER =
  /^(?:arn:(aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$/;

export interface FunctionIdentifier {
  name: string;
  /** The qualifier from the identifier or the Qualifier parameter. */
  qualifier?: string;
  /** The account the identifier names (the caller's when it names none). */
  accountId: string;
}

/**
 * Splits a function identifier. The edge has already checked it against the model's pattern;
 * what remains is AWS's own checks: the region must be the request's, and a qualifier in the
 * identifier must agree with the Qualifier parameter.
 */
export function parseFunctionIdentifier(scope: Scope, value: string, qualifierParam?: string): FunctionIdentifier {
  const parts = identifierParts(value);
  if (!parts) {
    // Not reachable through the edge (pattern-validated); kept for in-process callers.
    throw new ResourceNotFoundException(`Function not found: ${functionArn(scope, value)}`, { Type: "User" });
  }
  const { region, account, name, derived } = parts;
  if (region !== undefined && region !== scope.region) {
    throw new ResourceNotFoundException(`Functions from '${region}' are not reachable in this region ('${scope.region}')`, { Type: "User" });
  }
  if (derived !== undefined && qualifierParam !== undefined && derived !== qualifierParam) {
    throw new InvalidParameterValueException("The derived qualifier from the function name does not match the specified qualifier.", { Type: "User" });
  }
  return { name: name!, qualifier: derived ?? qualifierParam, accountId: account ?? scope.accountId };
}

interface IdentifierParts {
  readonly region: string | undefined;
  readonly account: string | undefined;
  readonly name: string;
  readonly derived: string | undefined;
}

/**
 * FUNCTION_IDENTIFIER's groups for an identifier, remembered per identifier: a warm function is
 * invoked by the same few names, and the name kept here is then one string whose hash V8 keeps,
 * not a new substring hashed again by every look-up keyed by it. Null when it does not match.
 */
function identifierParts(value: string): IdentifierParts | null {
  const known = identifiers.get(value);
  if (known !== undefined) return known;
  const m = FUNCTION_IDENTIFIER.exec(value);
  const parts = m ? Object.freeze({ region: m[2], account: m[3], name: m[4]!, derived: m[5] }) : null;
  if (identifiers.size >= MAX_IDENTIFIERS) identifiers.clear();
  identifiers.set(value, parts);
  return parts;
}

const identifiers = new Map<string, IdentifierParts | null>();
const MAX_IDENTIFIERS = 10_000;

/** Whether a qualifier names a published version ("1", "2", ...). */
export const isVersionNumber = (qualifier: string): boolean => /^[0-9]+$/.test(qualifier);

/** Alias names: not all digits (the model's Alias pattern). */
export const isAliasName = (qualifier: string): boolean => /^(?!^[0-9]+$)[a-zA-Z0-9_-]+$/.test(qualifier);

export interface LayerIdentifier {
  layerName: string;
  accountId: string;
}

/** A layer given by name or by layer ARN (the model's LayerName pattern). */
export function parseLayerName(scope: Scope, value: string): LayerIdentifier {
  const m = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9_-]+)$/.exec(value);
  if (m) return { layerName: m[3]!, accountId: m[2]! };
  return { layerName: value, accountId: scope.accountId };
}

export interface LayerVersionIdentifier {
  partition: string;
  region: string;
  accountId: string;
  layerName: string;
  version: number;
}

/** A layer version ARN (arn:aws:lambda:us-east-1:123456789012:layer:name:3), or undefined. */
export function parseLayerVersionArn(value: string): LayerVersionIdentifier | undefined {
  const m = /^arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9_-]+):([0-9]+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, region: m[2]!, accountId: m[3]!, layerName: m[4]!, version: Number(m[5]) };
}
