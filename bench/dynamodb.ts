// Benchmark (not a test): DynamoDB over HTTP through the AWS SDK v3 client, as applications use
// it. The server runs in a child process so its CPU time per operation can be read from
// /proc/<pid>/stat apart from the client's (on a 2-core machine the SDK client itself is often
// the bottleneck). Measures PutItem, GetItem, Query (25 of 100 items) and BatchWriteItem (25
// items) at concurrency 1 and 16, then Query latency as the table grows.
//
//   npx tsc -b && node dist/bench/dynamodb.js [--ops 2000] [--sizes 10000,100000] [--peer moto]
//
// --peer moto also runs the same load against moto_server (python3 -m moto.server), if installed.
// dynalite is not installed in this environment, so it is not compared.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const OPS = Number(option("--ops", "2000"));
const SIZES = option("--sizes", "10000,100000").split(",").map(Number);
const PEER = option("--peer", "");
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Server {
  name: string;
  endpoint: string;
  pid: number;
  process: ChildProcess;
}

async function startNimbus(): Promise<Server> {
  const script = `
    const { startNimbus } = await import(${JSON.stringify(new URL("../src/nimbus.js", import.meta.url).href)});
    const node = await startNimbus({ port: 0, inMemory: true, logLevel: "silent" });
    console.log(node.endpoint);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`nimbus exited with ${code}`)));
  });
  return { name: "nimbus", endpoint, pid: child.pid!, process: child };
}

async function startMoto(): Promise<Server> {
  const port = 45000 + Math.floor(Math.random() * 1000);
  const child = spawn("python3", ["-m", "moto.server", "-p", String(port), "-H", "127.0.0.1"], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      return { name: "moto", endpoint, pid: child.pid!, process: child };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill();
  throw new Error("moto_server did not start");
}

/** CPU seconds (user + system) the process has used. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function client(server: Server, sockets: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) }),
  });
}

interface Result {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuUsPerOp: number;
}

async function run(server: Server, concurrency: number, ops: number, op: (i: number) => Promise<unknown>): Promise<Result> {
  for (let i = 0; i < Math.min(100, ops); i++) await op(i); // warm up
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuSeconds(server.pid);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    opsPerSecond: ops / seconds,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)]!,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)]!,
    serverCpuUsPerOp: (cpu / ops) * 1e6,
  };
}

const item = (pk: string, sk: number) => ({
  pk: { S: pk },
  sk: { N: String(sk) },
  status: { S: `status#${sk % 97}` },
  payload: { S: "x".repeat(100) },
  tags: { SS: ["a", "b"] },
});

async function createTable(ddb: DynamoDBClient, name: string): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}

async function load(ddb: DynamoDBClient, table: string, from: number, to: number, partition: (i: number) => string): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + 25);
        const requests = [];
        for (let i = start; i < next; i++) requests.push({ PutRequest: { Item: item(partition(i), i) } });
        await ddb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      }
    }),
  );
}

const row = (label: string, r: Result) =>
  `| ${label} | ${Math.round(r.opsPerSecond).toLocaleString("en-US")} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${Math.round(r.serverCpuUsPerOp)} |`;

async function benchmark(server: Server): Promise<void> {
  console.log(`\n### ${server.name}\n`);
  console.log("| operation | ops/s | p50 ms | p99 ms | server CPU µs/op |");
  console.log("|---|---:|---:|---:|---:|");
  for (const concurrency of [1, 16]) {
    const ddb = client(server, concurrency);
    const table = `bench_${concurrency}`;
    await createTable(ddb, table);
    // 100 items in the queried partition, 25 per Query page.
    await load(ddb, table, 0, 100, () => "query-partition");
    const put = await run(server, concurrency, OPS, (i) => ddb.send(new PutItemCommand({ TableName: table, Item: item(`put#${i % 500}`, i) })));
    console.log(row(`PutItem c=${concurrency}`, put));
    const get = await run(server, concurrency, OPS, (i) => ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `put#${i % 500}` }, sk: { N: String(i) } } })));
    console.log(row(`GetItem c=${concurrency}`, get));
    const query = await run(server, concurrency, OPS, () =>
      ddb.send(new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :p AND sk >= :s", ExpressionAttributeValues: { ":p": { S: "query-partition" }, ":s": { N: "50" } }, Limit: 25 })),
    );
    console.log(row(`Query 25/100 c=${concurrency}`, query));
    const batches = Math.max(100, Math.floor(OPS / 10));
    const batch = await run(server, concurrency, batches, (i) =>
      ddb.send(new BatchWriteItemCommand({ RequestItems: { [table]: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item(`batch#${i}`, j) } })) } })),
    );
    console.log(row(`BatchWriteItem 25 c=${concurrency}`, batch));
    ddb.destroy();
  }

  console.log("\n| table size | Query 25 p50 ms | p99 ms | server CPU µs/op |");
  console.log("|---:|---:|---:|---:|");
  const ddb = client(server, 4);
  await createTable(ddb, "bench_growth");
  let loaded = 0;
  // moto slows down with size (it scans); its growth run stops at 10,000 items.
  for (const size of server.name === "moto" ? SIZES.filter((n) => n <= 10_000) : SIZES) {
    // 400 partitions of the growing table; the queried one has 100 items from the start.
    if (loaded === 0) await load(ddb, "bench_growth", 0, 100, () => "query-partition");
    await load(ddb, "bench_growth", Math.max(loaded, 100), size, (i) => `user#${i % 400}`);
    loaded = size;
    const query = await run(server, 1, Math.min(OPS, 1000), () =>
      ddb.send(new QueryCommand({ TableName: "bench_growth", KeyConditionExpression: "pk = :p AND sk >= :s", ExpressionAttributeValues: { ":p": { S: "query-partition" }, ":s": { N: "50" } }, Limit: 25 })),
    );
    console.log(`| ${size.toLocaleString("en-US")} | ${query.p50Ms.toFixed(2)} | ${query.p99Ms.toFixed(2)} | ${Math.round(query.serverCpuUsPerOp)} |`);
  }
  ddb.destroy();
}

const servers: Server[] = [await startNimbus()];
if (PEER === "moto") servers.push(await startMoto());
try {
  for (const server of servers) await benchmark(server);
} finally {
  for (const server of servers) server.process.kill();
}
