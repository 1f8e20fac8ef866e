// ClientRequestToken idempotency of TransactWriteItems and ExecuteTransaction: a token used
// again within 10 minutes with the same request answers success without writing again; with a
// different request it is IdempotentParameterMismatchException. Tokens are kept in the store, so
// a retry after a restart (or on another node) is still recognised.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#DDB-TransactWriteItems-request-ClientRequestToken
import { createHash } from "node:crypto";
import type { RequestContext } from "../../aws/context.js";
import { IdempotentParameterMismatchException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";

/** ClientRequestToken idempotency lasts 10 minutes. */
export const TOKEN_WINDOW_MS = 10 * 60 * 1000;

/** JSON with object keys sorted: maps (items, attribute values) are unordered, so {a, b} equals {b, a}. */
function canonicalJson(value: unknown): string {
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString("base64"));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export class TransactionTokens {
  constructor(private readonly backend: DynamoDbBackend) {}

  /** The request without its token and reporting options: what must match on a retry. */
  fingerprint(input: { ClientRequestToken?: string; ReturnConsumedCapacity?: string; ReturnItemCollectionMetrics?: string }): string {
    const { ClientRequestToken: _token, ReturnConsumedCapacity: _capacity, ReturnItemCollectionMetrics: _metrics, ...rest } = input;
    return createHash("sha256").update(canonicalJson(rest)).digest("hex");
  }

  async seen(ctx: RequestContext, token: string, fingerprint: string): Promise<boolean> {
    const row = await this.backend.db
      .selectFrom("dynamodb_transaction_tokens")
      .select(["fingerprint", "created_at"])
      .where("account", "=", ctx.accountId)
      .where("region", "=", ctx.region)
      .where("token", "=", token)
      .executeTakeFirst();
    if (!row || Number(row.created_at) + TOKEN_WINDOW_MS <= this.backend.now()) return false;
    if (row.fingerprint !== fingerprint) {
      throw new IdempotentParameterMismatchException(
        "Transaction request cannot be processed because the same ClientRequestToken was used with different parameters",
      );
    }
    return true;
  }

  async remember(ctx: RequestContext, token: string, fingerprint: string): Promise<void> {
    const now = this.backend.now();
    await this.backend.sdb.transaction(async (trx) => {
      await trx.deleteFrom("dynamodb_transaction_tokens").where("created_at", "<=", now - TOKEN_WINDOW_MS).execute();
      await trx
        .deleteFrom("dynamodb_transaction_tokens")
        .where("account", "=", ctx.accountId)
        .where("region", "=", ctx.region)
        .where("token", "=", token)
        .execute();
      await trx
        .insertInto("dynamodb_transaction_tokens")
        .values({ account: ctx.accountId, region: ctx.region, token, fingerprint, created_at: now })
        .execute();
    });
  }
}
