// Asynchronous (Event) invocations (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html):
// an accepted event is written to the lambda_event_queue table before Invoke answers 202, then
// run at least once. A node claims an event for longer than any function may run; an event whose
// run did not finish (a crash, a restart) is claimed again once the claim lapses, and a
// single-node store releases every claim at start. As on AWS, a function error is retried twice
// (after 1 and 2 minutes); throttles and system errors are retried with backoff (1 s doubling to
// 5 min) until the event is 6 hours old; then the event is dropped.
import type { Clock, TimerHandle } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { StoreDialect } from "../../storage/types.js";
import type { Scope } from "./arns.js";
import type { LambdaDb } from "./schema.js";
import type { LambdaStore } from "./store.js";

export interface QueuedEvent {
  scope: Scope;
  functionName: string;
  qualifier: string;
  requestId: string;
  payload: Buffer;
  clientContext?: string;
}

/** What running an event came to. */
export type EventOutcome = "succeeded" | "function-error" | "throttled" | "system-error" | "function-gone";

export type EventRunner = (event: QueuedEvent) => Promise<EventOutcome>;

const MAX_RETRIES = 2;
const MAX_EVENT_AGE_MS = 6 * 3600_000;
/** Longer than the longest function timeout (900 s), so a live run is never claimed twice. */
const CLAIM_MS = 16 * 60_000;
/** How often to look for events enqueued by other nodes or whose claim lapsed. */
const POLL_MS = 30_000;
const MAX_IN_FLIGHT = 32;

type Row = LambdaDb["lambda_event_queue"] & { id: number };

export interface EventQueueDeps {
  store: LambdaStore;
  clock: Clock;
  logger: Logger;
  dialect: StoreDialect;
  /** This process's id, recorded on the events it claims. */
  nodeId: string;
  run: EventRunner;
}

export class EventQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: TimerHandle | undefined;
  private pumping: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly deps: EventQueueDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    // SQLite is one node's store: every claim left in it belongs to a process that is gone.
    if (this.deps.dialect === "sqlite") {
      await this.deps.store.db.updateTable("lambda_event_queue").set({ claimed_until: 0, claimed_by: "" }).where("claimed_by", "<>", "").execute();
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.pumping;
    await Promise.all([...this.inFlight]);
  }

  /** Stores an event durably; it is accepted once this resolves. */
  async enqueue(event: QueuedEvent): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.db.insertInto("lambda_event_queue").values({
      account_id: event.scope.accountId,
      region: event.scope.region,
      function_name: event.functionName,
      qualifier: event.qualifier,
      request_id: event.requestId,
      payload: event.payload,
      client_context: event.clientContext ?? null,
      attempts: 0,
      available_at: now,
      claimed_until: 0,
      claimed_by: "",
      enqueued_at: now,
    }).execute();
    this.schedule(0);
  }

  /** Runs every event that is due, and waits for them (tests; fake clocks). */
  async drain(): Promise<void> {
    for (;;) {
      await this.pumping; // a look under way may have started before the clock moved
      await this.pump();
      if (this.inFlight.size === 0) return;
      await Promise.all([...this.inFlight]);
    }
  }

  /** Events waiting or running (tests, health). */
  async depth(): Promise<number> {
    const row = await this.deps.store.db.selectFrom("lambda_event_queue").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, ms);
  }

  private pump(): Promise<void> {
    this.pumping ??= this.claimDue().finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  private async claimDue(): Promise<void> {
    const { store, clock, nodeId } = this.deps;
    try {
      const now = clock.now();
      const room = MAX_IN_FLIGHT - this.inFlight.size;
      if (room > 0) {
        const due = (await store.db.selectFrom("lambda_event_queue").selectAll().where("available_at", "<=", now)
          .where("claimed_until", "<=", now).orderBy("available_at").orderBy("id").limit(room).execute()) as Row[];
        for (const row of due) {
          const claimed = await store.db.updateTable("lambda_event_queue").set({ claimed_until: now + CLAIM_MS, claimed_by: nodeId })
            .where("id", "=", row.id).where("claimed_until", "<=", now).executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) continue; // another node took it
          const work = this.process(row).finally(() => {
            this.inFlight.delete(work);
            this.schedule(0);
          });
          this.inFlight.add(work);
        }
      }
      const next = await store.db.selectFrom("lambda_event_queue").select("available_at").where("claimed_until", "<=", now)
        .orderBy("available_at").limit(1).executeTakeFirst();
      const wait = next ? Math.max(0, Number(next.available_at) - clock.now()) : POLL_MS;
      if (this.inFlight.size < MAX_IN_FLIGHT || wait > 0) this.schedule(Math.min(wait, POLL_MS));
    } catch (err) {
      if (!this.stopped) {
        this.deps.logger.error({ err }, "lambda: event queue poll failed");
        this.schedule(1000);
      }
    }
  }

  private async process(row: Row): Promise<void> {
    const { store, clock, logger } = this.deps;
    const event: QueuedEvent = {
      scope: { accountId: row.account_id, region: row.region, partition: "" },
      functionName: row.function_name,
      qualifier: row.qualifier,
      requestId: row.request_id,
      payload: Buffer.from(row.payload),
      ...(row.client_context !== null ? { clientContext: row.client_context } : {}),
    };
    let outcome: EventOutcome;
    try {
      outcome = await this.deps.run(event);
    } catch (err) {
      logger.error({ err, requestId: row.request_id }, "lambda: event run failed");
      outcome = "system-error";
    }
    const now = clock.now();
    const attempts = Number(row.attempts) + 1;
    const age = now - Number(row.enqueued_at);
    const drop = async (why: string) => {
      if (why) logger.warn({ requestId: row.request_id, functionName: row.function_name, why }, "lambda: asynchronous event dropped");
      await store.db.deleteFrom("lambda_event_queue").where("id", "=", row.id).execute();
    };
    if (outcome === "succeeded") return drop("");
    if (outcome === "function-gone") return drop("the function no longer exists");
    if (age >= MAX_EVENT_AGE_MS) return drop("the event is older than 6 hours");
    let delay: number;
    if (outcome === "function-error") {
      if (attempts > MAX_RETRIES) return drop("the function failed on every attempt");
      delay = attempts * 60_000;
    } else {
      // Backoff that roughly doubles with the event's age: 1 s, 2 s, 4 s, ... up to 5 minutes.
      delay = Math.min(Math.max(1000, age), 300_000);
    }
    const retry = { available_at: now + delay, claimed_until: 0, claimed_by: "" };
    // Throttles and system errors do not count against the function-error retries.
    await store.db.updateTable("lambda_event_queue")
      .set(outcome === "function-error" ? { ...retry, attempts } : retry)
      .where("id", "=", row.id).execute();
  }
}
