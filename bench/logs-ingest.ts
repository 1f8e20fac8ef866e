// CPU per stored log event on CloudWatch Logs' in-process ingest path (the one Lambda's log
// delivery takes: LogsProvider.appendBatches -> LogEventStore.appendEnsuringMany), on an
// in-memory SQLite store as `nimbus start --in-memory` opens it, or on a SQLite file. Every flush
// carries `--streams` streams of one group with `--per-flush` invocations' START/END/REPORT lines
// each (one transaction, as the Lambda log batcher writes them). Several builds (`--roots`) are
// measured in alternation, each round on a fresh store. `--reads N` then times GetLogEvents and
// FilterLogEvents pages on a group holding N events (one figure per build, no assertion).
//
//   npx tsc -b
//   node dist/bench/logs-ingest.js [--roots /work/main,/work/wt-x] [--rounds 5]
//        [--invocations 20000] [--streams 16] [--per-flush 1] [--store memory|file] [--reads 100000]
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "./lib/paths.js";
import { flags, listFlag, numberFlag, printContext, printTable, progress } from "./lib/report.js";

const f = flags();
const roots = listFlag(f, "roots", [projectRoot]);
const rounds = numberFlag(f, "rounds", 5);
const invocations = numberFlag(f, "invocations", 20_000);
const streams = numberFlag(f, "streams", 16);
const perFlush = numberFlag(f, "per-flush", 1);
const storeKind = f.get("store") ?? "memory";
const readEvents = numberFlag(f, "reads", 0);
if (storeKind !== "memory" && storeKind !== "file") throw new Error("--store is memory or file");

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const GROUP = "/aws/lambda/bench-logs";

/** The parts of a build this bench drives, loaded from its dist/ (so two builds can run side by side). */
interface Build {
  openStore(o: { dataDir: string; inMemory: boolean }): Promise<{ close(): Promise<void> }>;
  newProvider(store: unknown): Promise<Provider>;
}

interface Provider {
  appendBatches(batches: readonly { accountId: string; region: string; logGroupName: string; logStreamName: string; events: { timestamp: number; message: string }[] }[]): Promise<void>;
  GetLogEvents(ctx: unknown, input: object): Promise<{ events?: unknown[]; nextForwardToken?: string; nextBackwardToken?: string }>;
  FilterLogEvents(ctx: unknown, input: object): Promise<{ events?: unknown[]; nextToken?: string }>;
  stop(): Promise<void>;
}

async function loadBuild(root: string): Promise<Build> {
  const load = (path: string) => import(pathToFileURL(join(root, "dist", path)).href);
  const [{ openStore }, { LogsProvider }, { parseConfig }, { FakeClock }, { silentLogger }] = await Promise.all([
    load("src/storage/open-store.js"),
    load("src/services/logs/provider.js"),
    load("src/config/schema.js"),
    load("src/shared/clock.js"),
    load("src/shared/logger.js"),
  ]);
  return {
    openStore,
    async newProvider(store) {
      const provider = new LogsProvider({ config: parseConfig({}), store, clock: new FakeClock(Date.now()), logger: silentLogger });
      await provider.start();
      return provider;
    },
  };
}

/** One invocation's function log lines, as the Lambda engine writes them. */
function invocationEvents(time: number): { timestamp: number; message: string }[] {
  const id = randomUUID();
  return [
    { timestamp: time, message: `START RequestId: ${id} Version: $LATEST\n` },
    { timestamp: time + 1, message: `END RequestId: ${id}\n` },
    { timestamp: time + 1, message: `REPORT RequestId: ${id}\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB\t\n` },
  ];
}

const streamName = (s: number) => `2024/01/01/[$LATEST]${s.toString(16).padStart(32, "0")}`;

/** The flushes of a run, built before the clock starts (the messages are the same for every build). */
function flushes(count: number, start: number): Parameters<Provider["appendBatches"]>[0][] {
  const out = [];
  let time = start;
  for (let i = 0; i < count; i++) {
    const batches = [];
    for (let s = 0; s < streams; s++) {
      const events = [];
      for (let k = 0; k < perFlush; k++) events.push(...invocationEvents((time += 2)));
      batches.push({ accountId: ACCOUNT, region: REGION, logGroupName: GROUP, logStreamName: streamName(s), events });
    }
    out.push(batches);
  }
  return out;
}

async function withProvider<T>(build: Build, fn: (p: Provider) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), "nimbus-bench-logs-"));
  const store = await build.openStore({ dataDir, inMemory: storeKind === "memory" });
  const provider = await build.newProvider(store);
  try {
    return await fn(provider);
  } finally {
    await provider.stop();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** µs of this process's CPU per stored event over `invocations` invocations. */
async function ingestRun(build: Build): Promise<number> {
  const count = Math.ceil(invocations / (streams * perFlush));
  return withProvider(build, async (provider) => {
    // Warm-up: the streams exist and are remembered, the statements are prepared and compiled.
    for (const batch of flushes(200, Date.now() - 3_600_000)) await provider.appendBatches(batch);
    const work = flushes(count, Date.now() - 1_800_000);
    const before = process.cpuUsage();
    for (const batch of work) await provider.appendBatches(batch);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / (count * streams * perFlush * 3);
  });
}

/** ms per call of a few GetLogEvents and FilterLogEvents pages on a group of `readEvents` events. */
async function readRun(build: Build): Promise<Record<string, number>> {
  const ctx = { accountId: ACCOUNT, region: REGION };
  return withProvider(build, async (provider) => {
    const start = Date.now() - 3_000_000;
    const perStream = Math.ceil(readEvents / streams / 3);
    for (let done = 0; done < perStream; done += 10) {
      await provider.appendBatches(
        Array.from({ length: streams }, (_, s) => ({
          accountId: ACCOUNT,
          region: REGION,
          logGroupName: GROUP,
          logStreamName: streamName(s),
          events: Array.from({ length: 10 }, (_, k) => invocationEvents(start + (done + k) * 20 + s)).flat(),
        })),
      );
    }
    const middle = start + perStream * 10;
    const timed = async (fn: () => Promise<unknown>, times = 5) => {
      await fn();
      const t0 = performance.now();
      for (let i = 0; i < times; i++) await fn();
      return (performance.now() - t0) / times;
    };
    const get = (input: object) => () => provider.GetLogEvents(ctx, { logGroupName: GROUP, logStreamName: streamName(3), ...input });
    const filter = (input: object) => () => provider.FilterLogEvents(ctx, { logGroupName: GROUP, ...input });
    const firstPage = await provider.GetLogEvents(ctx, { logGroupName: GROUP, logStreamName: streamName(3), startFromHead: true, limit: 100 });
    const firstFilter = await provider.FilterLogEvents(ctx, { logGroupName: GROUP, limit: 100 });
    return {
      "Get head 100": await timed(get({ startFromHead: true, limit: 100 })),
      "Get tail 100": await timed(get({ limit: 100 })),
      "Get next 100 (token)": await timed(get({ nextToken: firstPage.nextForwardToken, limit: 100 })),
      "Get all (10k)": await timed(get({ startFromHead: true })),
      "Get time range 100": await timed(get({ startTime: middle, endTime: middle + 100_000, limit: 100 })),
      "Filter 100": await timed(filter({ limit: 100 })),
      "Filter next 100 (token)": await timed(filter({ nextToken: firstFilter.nextToken, limit: 100 })),
      "Filter time range": await timed(filter({ startTime: middle, endTime: middle + 20_000 })),
      "Filter 2 streams 100": await timed(filter({ logStreamNames: [streamName(1), streamName(2)], limit: 100 })),
      "Filter pattern (whole group)": await timed(filter({ filterPattern: '"Max Memory Used: 62"' }), 2),
    };
  });
}

printContext(`CloudWatch Logs ingest: CPU per stored event (${storeKind} SQLite, ${streams} streams x ${perFlush} invocation(s) of 3 events per flush)`);
const builds = new Map<string, Build>();
for (const root of roots) builds.set(root, await loadBuild(root));
const samples = new Map<string, number[]>(roots.map((r) => [r, []]));
for (let round = 1; round <= rounds; round++) {
  for (const root of roots) {
    const us = await ingestRun(builds.get(root)!);
    samples.get(root)!.push(us);
    progress(`round ${round} ${root}: ${us.toFixed(2)} µs/event`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
printTable(
  `µs of CPU per event (median of ${rounds} rounds, ${invocations} invocations each)`,
  ["build", "µs/event", "µs/invocation (3 events)", "rounds"],
  roots.map((r) => {
    const m = median(samples.get(r)!);
    return [r, m.toFixed(2), (3 * m).toFixed(2), samples.get(r)!.map((x) => x.toFixed(2)).join(" ")];
  }),
);
if (readEvents > 0) {
  const reads = new Map<string, Record<string, number>>();
  for (const root of roots) {
    progress(`reads on ${readEvents} events: ${root}`);
    reads.set(root, await readRun(builds.get(root)!));
  }
  const names = Object.keys(reads.get(roots[0]!)!);
  printTable(
    `ms per call on a group of ${readEvents} events in ${streams} streams`,
    ["call", ...roots],
    names.map((n) => [n, ...roots.map((r) => reads.get(r)![n]!.toFixed(2))]),
  );
}
