// LambdaInvoker over Nimbus's own Lambda service, through the internal client (no HTTP).
// As on AWS, API Gateway may invoke a function only when
// - the integration names a role (credentials): API Gateway assumes it and calls Lambda as that
//   role (the role's IAM policy is not evaluated: Nimbus has no IAM policy engine yet), or
// - the function's resource policy (AddPermission) allows the service principal
//   apigateway.amazonaws.com to lambda:InvokeFunction, with a SourceArn condition (wildcards
//   allowed) matching arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}.
//   The policy of the qualified resource applies: an alias needs its own permission.
// Otherwise AWS logs "Execution failed due to configuration error: Invalid permissions on Lambda
// function" and answers 500.
// https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html#apigateway-permissions
import type { Caller } from "../../../../aws/context.js";
import { ServiceError } from "../../../../aws/errors.js";
import type { InternalClient } from "../../../../internal/client.js";
import type { Clock } from "../../../../shared/clock.js";
import { LambdaInvokeError, parseFunctionArn, type LambdaInvocation, type LambdaInvoker, type LambdaResult } from "./lambda-invoker.js";
import { roleCaller, servicePrincipalCaller } from "./callers.js";

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const ALLOW_CACHE_MS = 1000;
const MAX_GRANTS = 10_000;

export class LambdaServiceInvoker implements LambdaInvoker {
  /**
   * Function ARN -> source ARN -> until when its grant is trusted, so a hot route skips GetPolicy.
   * Two levels rather than one joined key: both ARNs are strings kept from earlier requests
   * (parsed URIs, routes' source ARNs), whose hashes V8 keeps; a joined key would be hashed anew.
   */
  private readonly granted = new Map<string, Map<string, number>>();
  private grants = 0;
  /** Who Invoke is called as, per function account (and integration role): shared, frozen. */
  private readonly callers = new Map<string, Caller>();

  constructor(
    private readonly client: InternalClient,
    private readonly clock: Clock,
  ) {}

  async invoke(req: LambdaInvocation): Promise<LambdaResult> {
    const fn = parseFunctionArn(req.functionArn);
    if (!fn) throw new LambdaInvokeError("NotFound", `Invalid function ARN: ${req.functionArn}`);
    if (!req.credentials && !this.isGranted(req)) await this.checkResourcePolicy(fn, req);
    // Trusted: the name and qualifier come from parseFunctionArn, whose pattern is within Invoke's
    // model constraints (FunctionName, Qualifier), as are the payload (a blob) and the invocation type.
    const input = fn.qualifier
      ? { FunctionName: fn.name, Qualifier: fn.qualifier, Payload: req.payload, InvocationType: req.invocationType }
      : { FunctionName: fn.name, Payload: req.payload, InvocationType: req.invocationType };
    const caller = this.invokeCaller(fn.accountId, req.credentials);
    const options = { region: fn.region, origin: "apigateway", requestId: req.requestId, caller, trusted: true, ...(req.endpoint ? { endpoint: req.endpoint } : {}) };
    try {
      const out = await this.client.call<{ StatusCode?: number; Payload?: Uint8Array; FunctionError?: string }>("lambda", "Invoke", input, options);
      return {
        statusCode: out.StatusCode ?? 200,
        payload: out.Payload ? (Buffer.isBuffer(out.Payload) ? out.Payload : Buffer.from(out.Payload)) : Buffer.alloc(0),
        ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
      };
    } catch (err) {
      throw asInvokeError(err);
    }
  }

  /** The integration's role, or API Gateway's service principal, acting in the function's account. */
  private invokeCaller(accountId: string, credentials: string | undefined): Caller {
    const key = credentials === undefined ? accountId : `${accountId}|${credentials}`;
    let caller = this.callers.get(key);
    if (!caller) {
      if (this.callers.size >= MAX_GRANTS) this.callers.clear();
      caller = Object.freeze({ ...(credentials ? roleCaller(credentials) : servicePrincipalCaller(accountId)), accountId });
      this.callers.set(key, caller);
    }
    return caller;
  }

  private isGranted(req: LambdaInvocation): boolean {
    const until = this.granted.get(req.functionArn)?.get(req.sourceArn);
    return until !== undefined && until > this.clock.now();
  }

  private grant(req: LambdaInvocation): void {
    if (this.grants >= MAX_GRANTS) {
      this.granted.clear();
      this.grants = 0;
    }
    let bySource = this.granted.get(req.functionArn);
    if (!bySource) this.granted.set(req.functionArn, (bySource = new Map()));
    if (!bySource.has(req.sourceArn)) this.grants++;
    bySource.set(req.sourceArn, this.clock.now() + ALLOW_CACHE_MS);
  }

  private async checkResourcePolicy(fn: { name: string; qualifier?: string; accountId: string; region: string }, req: LambdaInvocation): Promise<void> {
    const options = { region: fn.region, origin: "apigateway", requestId: req.requestId, caller: servicePrincipalCaller(fn.accountId), ...(req.endpoint ? { endpoint: req.endpoint } : {}) };
    let policy: { Policy?: string };
    try {
      policy = await this.client.call("lambda", "GetPolicy", { FunctionName: fn.name, ...(fn.qualifier ? { Qualifier: fn.qualifier } : {}) }, options);
    } catch (err) {
      const failure = asInvokeError(err);
      // No policy at all is a missing permission, not a missing function.
      if (err instanceof ServiceError && err.code === "ResourceNotFoundException" && /policy/i.test(err.message)) {
        throw new LambdaInvokeError("AccessDenied", "Invalid permissions on Lambda function");
      }
      throw failure;
    }
    const statements = parseStatements(policy.Policy);
    if (!statements.some((s) => allows(s, req.sourceArn, req.scope.accountId))) {
      throw new LambdaInvokeError("AccessDenied", "Invalid permissions on Lambda function");
    }
    this.grant(req);
  }
}

function parseStatements(policy: string | undefined): PolicyStatement[] {
  if (!policy) return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** An IAM ARN pattern (* and ? wildcards) matched against an ARN. */
export function arnLike(pattern: string, arn: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(arn);
}

function allows(statement: PolicyStatement, sourceArn: string, sourceAccount: string): boolean {
  if (statement.Effect !== "Allow") return false;
  const actions = listOf(statement.Action);
  if (!actions.some((a) => a === "*" || a === "lambda:*" || a.toLowerCase() === "lambda:invokefunction")) return false;
  const principal = statement.Principal;
  const services = principal === "*" ? ["*"] : listOf((principal as { Service?: string | string[] } | undefined)?.Service);
  if (!services.some((s) => s === "*" || s === "apigateway.amazonaws.com")) return false;
  for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(conditions)) {
      const values = listOf(value);
      const lower = key.toLowerCase();
      if (lower === "aws:sourcearn") {
        const test = operator.startsWith("ArnEquals") || operator === "StringEquals" ? (v: string) => v === sourceArn : (v: string) => arnLike(v, sourceArn);
        if (!values.some(test)) return false;
      } else if (lower === "aws:sourceaccount") {
        if (!values.includes(sourceAccount)) return false;
      }
    }
  }
  return true;
}

function asInvokeError(err: unknown): LambdaInvokeError {
  if (err instanceof LambdaInvokeError) return err;
  if (err instanceof ServiceError) {
    if (err.code === "NotImplemented" || err.code === "UnknownServiceException") return new LambdaInvokeError("Unavailable", `Lambda is not available: ${err.message}`);
    if (err.code === "ResourceNotFoundException") return new LambdaInvokeError("NotFound", err.message);
    if (err.code === "AccessDeniedException") return new LambdaInvokeError("AccessDenied", err.message);
    if (err.code === "TooManyRequestsException") return new LambdaInvokeError("Throttled", err.message);
    return new LambdaInvokeError("Failed", `${err.code}: ${err.message}`);
  }
  return new LambdaInvokeError("Failed", (err as Error).message);
}
