// Time to Live: UpdateTimeToLive / DescribeTimeToLive, and the sweeper that deletes expired items.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
//   - the TTL attribute holds an epoch time in seconds (type N); other types never expire;
//   - values more than five years in the past are left alone (AWS ignores them, taking them for
//     mistakes such as milliseconds);
//   - deletions appear in the table's stream as REMOVE records whose userIdentity is
//     {type: "Service", principalId: "dynamodb.amazonaws.com"}
//     (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
// The sweeper runs every settings.ttlSweepIntervalMs of deps.clock; each run walks every TTL
// table from where the previous run stopped, at most SWEEP_BATCH items per table, so a large
// table is swept across runs instead of stalling the node. It also trims stream records past
// their 24 hours.
import type { RequestContext } from "../../aws/context.js";
import type {
  DescribeTimeToLiveInput,
  DescribeTimeToLiveOutput,
  UpdateTimeToLiveInput,
  UpdateTimeToLiveOutput,
} from "../../aws/generated/dynamodb.js";
import type { TimerHandle } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { DynamoDbBackend } from "./backend.js";
import { tableInUse, validation } from "./errors.js";
import { pickKey } from "./storage/item-keys.js";
import type { TableRecord } from "./storage/table-engine.js";
import type { StreamCatalog } from "./stream-catalog.js";
import { copyDoc, storedDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";
import type { Item } from "./values/attribute-value.js";

export const TTL_SERVICE_IDENTITY = { type: "Service", principalId: "dynamodb.amazonaws.com" } as const;
const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60;
const SWEEP_BATCH = 1000;

/** Whether an item has expired at `nowMs` under the TTL attribute `attribute`. */
export function isExpired(item: Item | undefined, attribute: string, nowMs: number): boolean {
  const value = item?.[attribute];
  if (!value || !("N" in value)) return false;
  const expiry = Number(value.N);
  const now = nowMs / 1000;
  return Number.isFinite(expiry) && expiry <= now && expiry > now - FIVE_YEARS_SECONDS;
}

export class TimeToLive {
  private timer?: TimerHandle;
  private running?: Promise<void>;
  /** Where each table's walk resumes (in memory: after a restart the walk starts over). */
  private readonly cursors = new Map<number, Item>();

  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
    private readonly streams: StreamCatalog,
    private readonly logger: Logger,
  ) {}

  async UpdateTimeToLive(ctx: RequestContext, input: UpdateTimeToLiveInput): Promise<UpdateTimeToLiveOutput> {
    const spec = input.TimeToLiveSpecification;
    if (spec.AttributeName === "") throw validation("TimeToLiveSpecification.AttributeName must be non empty");
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    if (table.status !== "ACTIVE") throw tableInUse(table.name, table.status === "CREATING" ? "created" : table.status === "DELETING" ? "deleted" : "updated");
    const current = storedDoc(table).Nimbus.ttl;
    if (current?.Enabled && current.AttributeName !== spec.AttributeName) {
      throw validation(`TimeToLive is active on a different AttributeName: current AttributeName is ${current.AttributeName}`);
    }
    if (spec.Enabled && current?.Enabled) throw validation("TimeToLive is already enabled");
    if (!spec.Enabled && !current?.Enabled) throw validation("TimeToLive is already disabled");
    const doc = copyDoc(table);
    doc.Nimbus.ttl = { AttributeName: spec.AttributeName, Enabled: spec.Enabled };
    await this.backend.engine.updateTable(table, { description: doc });
    this.cursors.delete(table.id);
    return { TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: spec.Enabled } };
  }

  async DescribeTimeToLive(ctx: RequestContext, input: DescribeTimeToLiveInput): Promise<DescribeTimeToLiveOutput> {
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    if (table.status === "CREATING" || table.status === "DELETING") {
      throw validation(`Cannot describe time to live while table is in ${table.status} state: Current table state is ${table.status}`);
    }
    const ttl = storedDoc(table).Nimbus.ttl;
    if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" } };
    return { TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: ttl.AttributeName } };
  }

  /** Starts sweeping every settings.ttlSweepIntervalMs. */
  start(): void {
    const schedule = () => {
      this.timer = this.backend.clock.setTimeout(() => {
        this.running ??= this.sweep()
          .then(() => undefined)
          .catch((error: unknown) => this.logger.error({ err: error }, "dynamodb: TTL sweep failed"))
          .finally(() => {
            this.running = undefined;
          });
        schedule();
      }, this.backend.settings.ttlSweepIntervalMs);
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.running;
  }

  /** Resolves when no sweep is running (tests advance a fake clock, then wait for this). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One pass: expired items of every TTL table (a batch per table), and stream records past 24 hours. */
  async sweep(): Promise<number> {
    let deleted = 0;
    const rows = await this.backend.db.selectFrom("dynamodb_tables").select(["account", "region", "name"]).where("status", "=", "ACTIVE").execute();
    for (const row of rows) {
      const table = await this.tables.find(row);
      const ttl = table ? storedDoc(table).Nimbus.ttl : undefined;
      if (!table || !ttl?.Enabled) continue;
      deleted += await this.sweepTable(table, ttl.AttributeName);
    }
    await this.streams.trim();
    return deleted;
  }

  private async sweepTable(table: TableRecord, attribute: string): Promise<number> {
    const engine = this.backend.engine;
    const page = await engine.scan(table, { limit: SWEEP_BATCH, exclusiveStartKey: this.cursors.get(table.id) });
    if (page.lastEvaluatedKey) this.cursors.set(table.id, page.lastEvaluatedKey);
    else this.cursors.delete(table.id);
    let deleted = 0;
    for (const item of page.items) {
      const now = this.backend.now();
      if (!isExpired(item, attribute, now)) continue;
      try {
        // Re-checked inside the delete's transaction: a write since the scan may have renewed it.
        const result = await engine.deleteItem(
          table,
          pickKey(table.layout.key, item),
          (current) => {
            if (!isExpired(current, attribute, now)) throw new NotExpired();
          },
          TTL_SERVICE_IDENTITY,
        );
        if (result.old) deleted++;
      } catch (error) {
        if (!(error instanceof NotExpired)) throw error;
      }
    }
    return deleted;
  }
}

class NotExpired extends Error {}
