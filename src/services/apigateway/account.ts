// GetAccount and UpdateAccount: the region's API Gateway settings for the account.
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html
// The throttle is the account-level default AWS applies (10,000 rps, burst 5,000); only the
// CloudWatch role is writable.
import type { RequestContext } from "../../aws/context.js";
import type { Account, GetAccountRequest, UpdateAccountRequest } from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { patchErrors, pathSegments } from "./patch-operations.js";

export const ACCOUNT_THROTTLE = { burstLimit: 5000, rateLimit: 10000 };

export class AccountOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async get(ctx: RequestContext, _input: GetAccountRequest): Promise<Account> {
    const doc = (await this.deps.domains.getAccount(scopeOf(ctx))) ?? {};
    return accountOutput(doc);
  }

  async update(ctx: RequestContext, input: UpdateAccountRequest): Promise<Account> {
    const scope = scopeOf(ctx);
    const doc = { ...((await this.deps.domains.getAccount(scope)) ?? {}) };
    for (const op of input.patchOperations ?? []) {
      if (op.path === undefined || pathSegments(op.path).join("/") !== "cloudwatchRoleArn") throw patchErrors.invalidPath(op.path);
      if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
      if (op.value) doc["cloudwatchRoleArn"] = op.value;
      else delete doc["cloudwatchRoleArn"];
    }
    await this.deps.domains.saveAccount(scope, doc);
    return accountOutput(doc);
  }
}

function accountOutput(doc: Record<string, unknown>): Account {
  return {
    ...(typeof doc["cloudwatchRoleArn"] === "string" ? { cloudwatchRoleArn: doc["cloudwatchRoleArn"] } : {}),
    throttleSettings: { ...ACCOUNT_THROTTLE },
    features: ["UsagePlans"],
    apiKeyVersion: "4",
  };
}
