// The port through which the data plane runs Lambda functions (AWS and AWS_PROXY integrations,
// Lambda authorizers). nimbus.ts wires it to the Lambda service through the internal client
// (lambda-service-invoker.ts); tests may hand in their own.
import type { Scope } from "../../../../services/apigateway/records.js";

export interface LambdaInvocation {
  /** The API's account and region (API Gateway calls Lambda in its own region). */
  scope: Scope;
  /** The function ARN from the integration URI, qualified or not. */
  functionArn: string;
  payload: Buffer;
  /** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}: what AddPermission's SourceArn is matched against. */
  sourceArn: string;
  /** The integration's role (credentials): with one, no resource policy is needed. */
  credentials?: string;
  /** "Event" when the integration request sets X-Amz-Invocation-Type: 'Event'. */
  invocationType: "RequestResponse" | "Event";
  requestId: string;
  /** This node's address, which the invoked function is told to call back (AWS_ENDPOINT_URL). */
  endpoint?: string;
}

export interface LambdaResult {
  /** Lambda's status: 200 (RequestResponse) or 202 (Event). */
  statusCode: number;
  payload: Buffer;
  /** "Unhandled" / "Handled" when the function failed. */
  functionError?: string;
}

/** Why a function could not be run; the data plane answers 500 and logs `message`. */
export type LambdaFailureKind = "NotFound" | "AccessDenied" | "Throttled" | "Unavailable" | "Failed";

export class LambdaInvokeError extends Error {
  constructor(
    readonly kind: LambdaFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "LambdaInvokeError";
  }
}

export interface LambdaInvoker {
  invoke(request: LambdaInvocation): Promise<LambdaResult>;
}

/**
 * Integration URIs and function ARNs repeat request after request (one per route), and each was
 * matched against a regular expression twice per request: results are kept per exact text.
 */
const MAX_REMEMBERED = 1000;
const arnsOfUris = new Map<string, string | undefined>();
const parsedArns = new Map<string, ParsedFunctionArn | undefined>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  cache.set(key, value);
  return value;
}

/** The function ARN inside a Lambda integration URI (…:lambda:path/2015-03-31/functions/{arn}/invocations). */
export function functionArnOfUri(uri: string): string | undefined {
  if (arnsOfUris.has(uri)) return arnsOfUris.get(uri);
  const match = /:lambda:path\/[^/]+\/functions\/(.+?)\/invocations\/?$/.exec(uri);
  return remember(arnsOfUris, uri, match?.[1] && decodeURIComponent(match[1]));
}

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]{1,64})(?::([a-zA-Z0-9-_$]{1,128}))?$/;

export interface ParsedFunctionArn {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  readonly qualifier?: string;
}

/** Splits a function ARN; undefined when a name or qualifier (often from a stage variable) is invalid. Shared, frozen. */
export function parseFunctionArn(arn: string): ParsedFunctionArn | undefined {
  if (parsedArns.has(arn)) return parsedArns.get(arn);
  const match = FUNCTION_ARN.exec(arn);
  const parsed = match ? Object.freeze({ region: match[1]!, accountId: match[2]!, name: match[3]!, ...(match[4] ? { qualifier: match[4] } : {}) }) : undefined;
  return remember(parsedArns, arn, parsed);
}
