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

export class LambdaServiceInvoker implements LambdaInvoker {
  /** Recently granted (function, qualifier, source ARN) triples, so a hot route skips GetPolicy. */
  private readonly granted = new Map<string, number>();

  constructor(
    private readonly client: InternalClient,
    private readonly clock: Clock,
  ) {}

  async invoke(req: LambdaInvocation): Promise<LambdaResult> {
    const fn = parseFunctionArn(req.functionArn);
    if (!fn) throw new LambdaInvokeError("NotFound", `Invalid function ARN: ${req.functionArn}`);
    const options = { region: fn.region, origin: "apigateway", requestId: req.requestId, ...(req.endpoint ? { endpoint: req.endpoint } : {}) };
    const caller: Caller = req.credentials ? roleCaller(req.credentials) : servicePrincipalCaller(fn.accountId);
    if (!req.credentials) await this.checkResourcePolicy(fn, req, { ...options, caller });
    try {
      const out = await this.client.call<{ StatusCode?: number; Payload?: Uint8Array; FunctionError?: string }>(
        "lambda",
        "Invoke",
        { FunctionName: fn.name, ...(fn.qualifier ? { Qualifier: fn.qualifier } : {}), Payload: req.payload, InvocationType: req.invocationType },
        { ...options, caller: { ...caller, accountId: fn.accountId } },
      );
      return {
        statusCode: out.StatusCode ?? 200,
        payload: out.Payload ? (Buffer.isBuffer(out.Payload) ? out.Payload : Buffer.from(out.Payload)) : Buffer.alloc(0),
        ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
      };
    } catch (err) {
      throw asInvokeError(err);
    }
  }

  private async checkResourcePolicy(
    fn: { name: string; qualifier?: string; accountId: string },
    req: LambdaInvocation,
    options: { region: string; origin: string; requestId: string; caller: Caller },
  ): Promise<void> {
    const key = `${req.functionArn}|${req.sourceArn}`;
    const until = this.granted.get(key);
    if (until !== undefined && until > this.clock.now()) return;
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
    if (this.granted.size > 10_000) this.granted.clear();
    this.granted.set(key, this.clock.now() + ALLOW_CACHE_MS);
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
