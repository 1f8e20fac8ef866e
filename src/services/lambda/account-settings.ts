// GetAccountSettings (https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html):
// the account's limits in this region (quotas from
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, concurrency from the
// configuration) and its usage (functions, and code stored by functions, versions and layers).
import type { RequestContext } from "../../aws/context.js";
import type { GetAccountSettingsResponse } from "../../aws/generated/lambda.js";
import { scopeOf } from "./arns.js";
import { unreservedConcurrency } from "./concurrency.js";
import type { LambdaEnv } from "./context.js";
import { MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES } from "./zip-inspect.js";

export async function getAccountSettings(env: LambdaEnv, ctx: RequestContext): Promise<GetAccountSettingsResponse> {
  const scope = scopeOf(ctx);
  const usage = await env.store.accountUsage(scope);
  return {
    AccountLimit: {
      TotalCodeSize: env.settings.codeStorageBytes,
      CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
      CodeSizeZipped: MAX_ZIPPED_BYTES,
      ConcurrentExecutions: env.settings.accountConcurrency,
      UnreservedConcurrentExecutions: await unreservedConcurrency(env, scope),
    },
    AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
  };
}
