// Query latency as a table grows: a fresh server, one table, the 100-item query partition, then
// filler items loaded with BatchWriteItem up to each size in turn (within a time budget per
// step), measuring Query (25 items, concurrency 1) at each size. A step whose budget runs out is
// measured at the size it reached, and growth stops there.
import { closedLoop } from "./closed-loop.js";
import { createTable, dynamoClient, loadFiller, operation, QUERY_PARTITION_SIZE, seedQueryPartition } from "./dynamodb-workload.js";
import { treeRssMb } from "./procfs.js";
import type { Supervisor } from "./processes.js";
import type { RunningServer } from "./servers/types.js";
import { type LatencySummary } from "./stats.js";

export interface GrowthStep {
  target: number;
  items: number;
  loadItemsPerSecond: number;
  query: LatencySummary;
  rssMb: number;
}

const TABLE = "growth";

export async function measureGrowth(
  supervisor: Supervisor,
  start: (s: Supervisor) => Promise<RunningServer>,
  sizes: readonly number[],
  loadSeconds: number,
  progress: (message: string) => void,
): Promise<GrowthStep[]> {
  const server = await start(supervisor);
  const client = dynamoClient(server.endpoint);
  try {
    await createTable(client, TABLE);
    await seedQueryPartition(client, TABLE);
    const query = operation(client, TABLE, "Query");
    const steps: GrowthStep[] = [];
    let filler = 0;
    for (const size of sizes) {
      const target = Math.max(0, size - QUERY_PARTITION_SIZE);
      const t = performance.now();
      const before = filler;
      filler = await loadFiller(client, TABLE, filler, target, t + loadSeconds * 1000);
      const loadItemsPerSecond = ((filler - before) * 1000) / (performance.now() - t);
      const items = filler + QUERY_PARTITION_SIZE;
      progress(`${server.name}: ${items} items (${Math.round(loadItemsPerSecond)} items/s)`);
      await closedLoop({ concurrency: 1, maxOps: 200, maxMs: 5000, op: query });
      const r = await closedLoop({ concurrency: 1, maxOps: 2000, maxMs: 10_000, op: query });
      if (r.ops === 0) throw r.firstError ?? new Error("no Query succeeded");
      steps.push({ target: size, items, loadItemsPerSecond, query: r.latency, rssMb: treeRssMb(server.pid) });
      if (filler < target) break;
    }
    return steps;
  } finally {
    client.destroy();
    await server.stop();
  }
}
