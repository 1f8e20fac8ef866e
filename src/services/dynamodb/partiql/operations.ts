// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
import type { RequestContext } from "../../../aws/context.js";
import { ServiceError } from "../../../aws/errors.js";
import type {
  BatchExecuteStatementInput,
  BatchExecuteStatementOutput,
  BatchStatementResponse,
  ExecuteStatementInput,
  ExecuteStatementOutput,
  ExecuteTransactionInput,
  ExecuteTransactionOutput,
} from "../../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "../backend.js";
import { CapacityMeter, readCost } from "../capacity.js";
import { validation } from "../errors.js";
import { project } from "../expressions/index.js";
import type { TableRegistry } from "../table-registry.js";
import type { ParsedAction, TransactionOperations } from "../transactions.js";
import { isRead, prepare, StatementRunner } from "./statements.js";

/** BatchStatementError codes for the errors a statement can raise. */
const BATCH_ERROR_CODES: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: "ConditionalCheckFailed",
  DuplicateItemException: "DuplicateItem",
  ResourceNotFoundException: "ResourceNotFound",
  ValidationException: "ValidationError",
  ItemCollectionSizeLimitExceededException: "ItemCollectionSizeLimitExceeded",
  TransactionConflictException: "TransactionConflict",
};

export class PartiqlOperations {
  private readonly runner: StatementRunner;

  constructor(
    private readonly backend: DynamoDbBackend,
    tables: TableRegistry,
    private readonly transactions: TransactionOperations,
  ) {
    this.runner = new StatementRunner(backend, tables);
  }

  async ExecuteStatement(ctx: RequestContext, input: ExecuteStatementInput): Promise<ExecuteStatementOutput> {
    const prepared = prepare(input.Statement, input.Parameters);
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    const out: ExecuteStatementOutput = {};
    if (isRead(prepared.statement)) {
      const result = await this.runner.select(ctx, prepared, {
        limit: input.Limit,
        nextToken: input.NextToken,
        consistent: input.ConsistentRead === true,
        meter,
      });
      out.Items = result.items;
      if (result.nextToken) out.NextToken = result.nextToken;
      if (result.lastEvaluatedKey) out.LastEvaluatedKey = result.lastEvaluatedKey;
    } else {
      if (input.NextToken) throw validation("NextToken can only be used with a SELECT statement");
      out.Items = (await this.runner.write(ctx, prepared, { meter, returnOldOnFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" })).items;
    }
    const consumed = meter.list();
    if (consumed?.length) out.ConsumedCapacity = consumed[0];
    return out;
  }

  /** Up to 25 statements, all reads or all writes, each run on its own; failures are per statement. */
  async BatchExecuteStatement(ctx: RequestContext, input: BatchExecuteStatementInput): Promise<BatchExecuteStatementOutput> {
    const reads = input.Statements.map((s) => {
      try {
        return isRead(prepare(s.Statement, s.Parameters).statement);
      } catch {
        return undefined;
      }
    });
    if (reads.includes(true) && reads.includes(false)) {
      throw validation("Batch operations must be either all reads or all writes.");
    }
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    const responses: BatchStatementResponse[] = [];
    for (const request of input.Statements) {
      try {
        const prepared = prepare(request.Statement, request.Parameters);
        if (isRead(prepared.statement)) {
          const read = await this.runner.selectOne(ctx, prepared);
          const stored = await this.backend.engine.getItem(read.table, read.key);
          if (meter.enabled) meter.addTableRead(read.name, readCost(stored?.size ?? 0, request.ConsistentRead === true));
          const response: BatchStatementResponse = { TableName: read.name };
          if (stored) response.Item = read.projection ? project(read.projection, stored.item) : stored.item;
          responses.push(response);
        } else {
          const written = await this.runner.write(ctx, prepared, { meter, returnOldOnFailure: request.ReturnValuesOnConditionCheckFailure === "ALL_OLD" });
          responses.push({ TableName: written.tableName });
        }
      } catch (error) {
        if (!(error instanceof ServiceError) || !BATCH_ERROR_CODES[error.code]) throw error;
        const failure: NonNullable<BatchStatementResponse["Error"]> = { Code: BATCH_ERROR_CODES[error.code] as "ValidationError", Message: error.message };
        const item = (error.fields as { Item?: Record<string, unknown> }).Item;
        if (item) failure.Item = item as never;
        responses.push({ Error: failure });
      }
    }
    const out: BatchExecuteStatementOutput = { Responses: responses };
    const consumed = meter.list();
    if (consumed) out.ConsumedCapacity = consumed;
    return out;
  }

  /** Up to 100 statements in one transaction: all writes (as TransactWriteItems) or all single-item reads. */
  async ExecuteTransaction(ctx: RequestContext, input: ExecuteTransactionInput): Promise<ExecuteTransactionOutput> {
    const prepared = input.TransactStatements.map((s) => prepare(s.Statement, s.Parameters));
    const readCount = prepared.filter((p) => isRead(p.statement)).length;
    if (readCount > 0 && readCount < prepared.length) {
      throw validation("Transaction must contain either all reads or all writes.");
    }
    if (readCount > 0) {
      const reads: Awaited<ReturnType<StatementRunner["selectOne"]>>[] = [];
      for (const p of prepared) reads.push(await this.runner.selectOne(ctx, p));
      const found = await this.backend.engine.getItems(reads.map((r) => ({ table: r.table, key: r.key })));
      const meter = new CapacityMeter(input.ReturnConsumedCapacity, true);
      const responses = found.map((stored, i) => {
        meter.addTableRead(reads[i]!.name, readCost(stored?.size ?? 0, true, true));
        if (!stored) return {};
        const projection = reads[i]!.projection;
        return { Item: projection ? project(projection, stored.item) : stored.item };
      });
      const out: ExecuteTransactionOutput = { Responses: responses };
      const consumed = meter.list();
      if (consumed) out.ConsumedCapacity = consumed;
      return out;
    }
    const fingerprint = input.ClientRequestToken ? this.transactions.tokens.fingerprint(input) : undefined;
    if (input.ClientRequestToken && (await this.transactions.tokens.seen(ctx, input.ClientRequestToken, fingerprint!))) {
      return { Responses: [] };
    }
    const actions: ParsedAction[] = [];
    for (const p of prepared) actions.push(await this.runner.writeAction(ctx, p));
    const { actions: resolved, results } = await this.transactions.runWrites(ctx, actions);
    if (input.ClientRequestToken) await this.transactions.tokens.remember(ctx, input.ClientRequestToken, fingerprint!);
    const out: ExecuteTransactionOutput = { Responses: [] };
    const consumed = this.transactions.writeCapacity(input.ReturnConsumedCapacity, resolved, results);
    if (consumed) out.ConsumedCapacity = consumed;
    return out;
  }
}
