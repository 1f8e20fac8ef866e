// Start-up side by side: time from spawning each server to its first successful answer, and the
// resident memory of its process tree one second later (idle). Each server answers the request a
// user would send first:
//   dynalite, moto_server: DynamoDB ListTables;  serverless-offline: GET /dev/hello (loads the handler);
//   Nimbus: STS GetCallerIdentity, and DynamoDB ListTables once Nimbus has the DynamoDB provider.
//
//   npx tsc -b && npm --prefix bench/peers install   (once)
//   node dist/bench/startup-peers.js [--runs 5] [--targets nimbus,dynalite,moto,sls-workers]
import { treeRssMb } from "./lib/procfs.js";
import { sleep, type Supervisor, withSupervisor } from "./lib/processes.js";
import { flags, listFlag, numberFlag, printContext, printTable, progress } from "./lib/report.js";
import { startDynalite } from "./lib/servers/dynalite.js";
import { startMoto } from "./lib/servers/moto.js";
import { startNimbus } from "./lib/servers/nimbus.js";
import { startServerlessOffline } from "./lib/servers/serverless-offline.js";
import type { RunningServer } from "./lib/servers/types.js";
import { plainGet, sendSigned, signDynamoDb, signRequest, type SignedRequest } from "./lib/signed-request.js";
import { ms, summarize } from "./lib/stats.js";

const f = flags();
const runs = numberFlag(f, "runs", 5);
const targets = listFlag(f, "targets", ["nimbus", "dynalite", "moto", "sls-workers"]);

interface Probe {
  label: string;
  request(endpoint: string): Promise<SignedRequest>;
}

const listTables: Probe = { label: "DynamoDB ListTables", request: (e) => signDynamoDb(e, "ListTables", {}) };
const callerIdentity: Probe = {
  label: "STS GetCallerIdentity",
  request: (e) => signRequest({ endpoint: e, service: "sts", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" }),
};
const hello: Probe = { label: "GET /dev/hello", request: async (e) => plainGet("/dev/hello", new URL(e).host) };

const plans: Record<string, { start: (s: Supervisor) => Promise<RunningServer>; probes: Probe[] }> = {
  nimbus: { start: (s) => startNimbus(s), probes: [callerIdentity, listTables] },
  dynalite: { start: startDynalite, probes: [listTables] },
  moto: { start: startMoto, probes: [listTables] },
  "sls-workers": { start: (s) => startServerlessOffline(s, "worker-threads"), probes: [hello] },
};

/** Polls until the probe answers 200; a 501 (not implemented) ends the wait without a figure. */
async function firstAnswer(endpoint: string, probe: Probe, since: number): Promise<number | "not implemented"> {
  const req = await probe.request(endpoint);
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const res = await sendSigned(endpoint, req).catch(() => undefined);
    if (res?.status === 200) return performance.now() - since;
    if (res?.status === 501) return "not implemented";
    await sleep(2);
  }
  throw new Error(`${probe.label} got no 200 within 60 s`);
}

printContext("Start-up: spawn to first answer, idle memory");
const rows: string[][] = [];
await withSupervisor(async (supervisor) => {
  for (const target of targets) {
    const plan = plans[target];
    if (!plan) throw new Error(`unknown target ${target}`);
    const answers = plan.probes.map(() => [] as number[]);
    const notImplemented = new Set<number>();
    const rss: number[] = [];
    let name = target;
    for (let run = 0; run < runs; run++) {
      progress(`${target}: run ${run + 1} of ${runs}`);
      const t0 = performance.now();
      const server = await plan.start(supervisor);
      name = server.name;
      try {
        for (const [i, probe] of plan.probes.entries()) {
          const answer = await firstAnswer(server.endpoint, probe, t0);
          if (answer === "not implemented") notImplemented.add(i);
          else answers[i]!.push(answer);
        }
        await sleep(1000);
        rss.push(treeRssMb(server.pid));
      } finally {
        await server.stop();
      }
    }
    const idle = summarize(rss);
    for (const [i, probe] of plan.probes.entries()) {
      const s = summarize(answers[i]!);
      rows.push(
        notImplemented.has(i)
          ? [name, probe.label, "not implemented yet", "", "", ""]
          : [name, probe.label, ms(s.p50), ms(Math.min(...answers[i]!)), ms(s.max), `${idle.p50.toFixed(0)} MB`],
      );
    }
  }
});
printTable(`${runs} runs each; time from spawn (first answer includes the process's own start)`, ["server", "first request", "first answer p50", "min", "max", "idle RSS p50"], rows);
