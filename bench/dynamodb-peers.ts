// DynamoDB peers: dynalite, moto_server and Nimbus, each started fresh on a loopback port.
//  1. PutItem, GetItem, Query (25 of a 100-item partition) and BatchWriteItem (25 items) through
//     the same @aws-sdk/client-dynamodb client at concurrency 1 and 16: p50/p99 and ops/s, and the
//     server's CPU time per operation (from /proc).
//  2. wrk at 16 connections replaying signed GetItem, PutItem and Query requests: ops/s and server
//     CPU per operation without the SDK client's own cost in the way. Each target first gets a request signed an hour earlier, to
//     prove that it accepts replayed signatures.
//  3. Query latency as a table grows 10,000 -> 100,000 -> 1,000,000 items, loaded with
//     BatchWriteItem within a time budget per step (a fresh server for this part).
//
//   npx tsc -b && npm --prefix bench/peers install   (once)
//   node dist/bench/dynamodb-peers.js [--targets dynalite,moto,nimbus] [--ops 2000] [--seconds 10]
//        [--operations PutItem,GetItem,Query,BatchWriteItem | --operations none] [--wrk-seconds 10] [--scale 10000,100000,1000000 | --scale none] [--load-seconds 300]
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type ClosedLoopResult, closedLoop } from "./lib/closed-loop.js";
import { createTable, dynamoClient, operation, type OperationName, seedQueryPartition } from "./lib/dynamodb-workload.js";
import { measureGrowth, type GrowthStep } from "./lib/dynamodb-growth.js";
import { attempt, describeError, HttpStatusError, type Outcome, unavailable } from "./lib/outcome.js";
import { cpuMeter } from "./lib/procfs.js";
import { type Supervisor, withSupervisor } from "./lib/processes.js";
import { flags, listFlag, numberFlag, printContext, printTable, progress } from "./lib/report.js";
import { startDynalite } from "./lib/servers/dynalite.js";
import { startMoto } from "./lib/servers/moto.js";
import { startNimbus } from "./lib/servers/nimbus.js";
import type { RunningServer } from "./lib/servers/types.js";
import { sendSigned, signDynamoDb } from "./lib/signed-request.js";
import { ms, perSecond } from "./lib/stats.js";
import { runWrk, type WrkResult } from "./lib/wrk.js";

const f = flags();
const targets = listFlag(f, "targets", ["dynalite", "moto", "nimbus"]);
const maxOps = numberFlag(f, "ops", 2000);
const seconds = numberFlag(f, "seconds", 10);
const wrkSeconds = numberFlag(f, "wrk-seconds", 10);
const scaleFlag = listFlag(f, "scale", ["10000", "100000", "1000000"]);
const scaleSizes = scaleFlag[0] === "none" ? [] : scaleFlag.map(Number);
const loadSeconds = numberFlag(f, "load-seconds", 300);
const operationsFlag = listFlag(f, "operations", ["PutItem", "GetItem", "Query", "BatchWriteItem"]);
const OPERATIONS = (operationsFlag[0] === "none" ? [] : operationsFlag) as OperationName[];
const WRK_OPERATIONS = ["GetItem", "PutItem", "Query"] as const;
type WrkOperation = (typeof WRK_OPERATIONS)[number];
const TABLE = "bench";

const starters: Record<string, (s: Supervisor) => Promise<RunningServer>> = {
  dynalite: startDynalite,
  moto: startMoto,
  nimbus: (s) => startNimbus(s),
};

interface OpRun {
  c1: Outcome<ClosedLoopResult & { cpuMsPerOp: number }>;
  c16: Outcome<ClosedLoopResult & { cpuMsPerOp: number }>;
}

interface TargetResult {
  name: string;
  setup: Outcome<void>;
  ops: Partial<Record<OperationName, OpRun>>;
  wrk: Partial<Record<WrkOperation, Outcome<WrkResult & { cpuMsPerOp: number }>>>;
  growth?: Outcome<GrowthStep[]>;
}

async function loop(client: DynamoDBClient, name: OperationName, concurrency: number, pid: number) {
  const op = operation(client, TABLE, name);
  await closedLoop({ concurrency, maxOps: 100, maxMs: 5000, op }); // warm-up
  const cpu = cpuMeter(pid);
  const r = await closedLoop({ concurrency, maxOps: concurrency === 1 ? maxOps : maxOps * 4, maxMs: seconds * 1000, op });
  if (r.ops === 0) throw r.firstError ?? new Error("no operation succeeded");
  return { ...r, cpuMsPerOp: cpu.perOpMs(r.ops) };
}

/** Request n of a wrk run: GetItem and Query read the seeded 100-item partition (Query 25 items,
 *  as the SDK workload does), PutItem writes small items under distinct keys. */
function wrkInput(name: WrkOperation, n: number): unknown {
  const sk = (i: number) => `s${String(i).padStart(7, "0")}`;
  switch (name) {
    case "GetItem":
      return { TableName: TABLE, Key: { pk: { S: "query" }, sk: { S: sk(n % 100) } } };
    case "PutItem":
      return { TableName: TABLE, Item: { pk: { S: `wrk#${n}` }, sk: { S: "s0000000" }, title: { S: "replayed by wrk" }, count: { N: String(n) } } };
    case "Query": {
      const from = n % 76;
      return { TableName: TABLE, KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to", ExpressionAttributeValues: { ":pk": { S: "query" }, ":from": { S: sk(from) }, ":to": { S: sk(from + 24) } } };
    }
  }
}

/** Signed requests with distinct keys; the first one is also sent signed an hour ago. */
async function wrkRun(supervisor: Supervisor, server: RunningServer, name: WrkOperation) {
  const stale = new Date(Date.now() - 3600_000);
  const input = (n: number) => wrkInput(name, n);
  const probe = await sendSigned(server.endpoint, await signDynamoDb(server.endpoint, name, input(0), stale));
  if (probe.status !== 200) throw new HttpStatusError(probe.status, `a ${name} signed an hour ago was refused, so replay would measure errors: ${probe.body}`);
  const requests = await Promise.all(Array.from({ length: 100 }, (_, n) => signDynamoDb(server.endpoint, name, input(n))));
  const cpu = cpuMeter(server.pid);
  const r = await runWrk(supervisor, { url: server.endpoint, requests, connections: 16, durationSec: wrkSeconds });
  return { ...r, cpuMsPerOp: cpu.perOpMs(r.requests) };
}

async function measureTarget(supervisor: Supervisor, target: string): Promise<TargetResult> {
  const server = await starters[target]!(supervisor);
  const result: TargetResult = { name: server.name, setup: { kind: "ok", value: undefined }, ops: {}, wrk: {} };
  const client = dynamoClient(server.endpoint);
  try {
    result.setup = await attempt(async () => {
      await createTable(client, TABLE);
      await seedQueryPartition(client, TABLE);
    });
    if (result.setup.kind !== "ok") return result;
    for (const name of OPERATIONS) {
      progress(`${target}: ${name}`);
      result.ops[name] = { c1: await attempt(() => loop(client, name, 1, server.pid)), c16: await attempt(() => loop(client, name, 16, server.pid)) };
    }
    for (const name of WRK_OPERATIONS) {
      progress(`${target}: wrk ${name}`);
      result.wrk[name] = await attempt(() => wrkRun(supervisor, server, name));
    }
    return result;
  } finally {
    client.destroy();
    await server.stop();
  }
}

printContext("DynamoDB: dynalite, moto_server and Nimbus through @aws-sdk/client-dynamodb");
const results: TargetResult[] = [];
await withSupervisor(async (supervisor) => {
  for (const target of targets) {
    progress(`${target}: starting`);
    const r = await attempt(() => measureTarget(supervisor, target));
    const tr = r.kind === "ok" ? r.value : { name: target, setup: r, ops: {}, wrk: {} };
    if (scaleSizes.length > 0 && tr.setup.kind === "ok") {
      progress(`${target}: growth ${scaleSizes.join(" -> ")}`);
      tr.growth = await attempt(() => measureGrowth(supervisor, starters[target]!, scaleSizes, loadSeconds, progress));
    }
    results.push(tr);
  }
});

const cells = (o: OpRun["c1"]) => (o.kind === "ok" ? [ms(o.value.latency.p50), ms(o.value.latency.p99), perSecond(o.value.opsPerSecond) + (o.value.errors ? ` (${o.value.errors} errors: ${describeError(o.value.firstError)})` : "")] : [unavailable(o), "", ""]);
for (const name of OPERATIONS) {
  printTable(
    `${name}: concurrency 1 (up to ${maxOps} operations) and 16 (up to ${maxOps * 4}), each at most ${seconds} s`,
    ["server", "c=1 p50", "c=1 p99", "c=1 ops/s", "c=16 p50", "c=16 p99", "c=16 ops/s", "server CPU / op (c=1, c=16)"],
    results.map((r) => {
      const run = r.ops[name];
      if (r.setup.kind !== "ok") return [r.name, unavailable(r.setup), "", "", "", "", "", ""];
      if (!run) return [r.name, "not run", "", "", "", "", "", ""];
      const cpu = [run.c1, run.c16].map((o) => (o.kind === "ok" ? ms(o.value.cpuMsPerOp) : "–")).join(", ");
      return [r.name, ...cells(run.c1), ...cells(run.c16), cpu];
    }),
  );
}

printTable(
  `wrk, 16 connections, ${wrkSeconds} s, replaying 100 pre-signed requests`,
  ["server", ...WRK_OPERATIONS.flatMap((name) => [`${name} ops/s`, "p50", "p99", "errors", "CPU / op"])],
  results.map((r) => [
    r.name,
    ...WRK_OPERATIONS.flatMap((name) => {
      const o = r.wrk[name];
      if (r.setup.kind !== "ok") return [unavailable(r.setup), "", "", "", ""];
      if (!o) return ["not run", "", "", "", ""];
      return o.kind === "ok" ? [perSecond(o.value.requestsPerSecond), ms(o.value.latencyMs.p50), ms(o.value.latencyMs.p99), String(o.value.errors), ms(o.value.cpuMsPerOp)] : [unavailable(o), "", "", "", ""];
    }),
  ]),
);

if (scaleSizes.length > 0) {
  printTable(
    `Query (25 of a 100-item partition) at concurrency 1 as the table grows; load budget ${loadSeconds} s per step`,
    ["server", "items", "Query p50", "Query p99", "queries", "load rate", "server RSS"],
    results.flatMap((r) => {
      if (r.setup.kind !== "ok") return [[r.name, unavailable(r.setup), "", "", "", "", ""]];
      const g = r.growth;
      if (!g) return [[r.name, "not run", "", "", "", "", ""]];
      if (g.kind !== "ok") return [[r.name, unavailable(g), "", "", "", "", ""]];
      return g.value.map((s) => [
        r.name,
        s.items.toLocaleString("en-US") + (s.items < s.target ? ` (of ${s.target.toLocaleString("en-US")}: load budget spent)` : ""),
        ms(s.query.p50),
        ms(s.query.p99),
        String(s.query.n),
        `${perSecond(s.loadItemsPerSecond)} items/s`,
        `${s.rssMb.toFixed(0)} MB`,
      ]);
    }),
  );
}
