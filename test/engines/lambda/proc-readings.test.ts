// /proc readings the memory watchdog relies on: statm's resident size (sampled) agrees with the
// status file's VmRSS, VmHWM is at least the resident size, and a gone process reads nothing.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";
import { ProcStatm, ProcStatus } from "../../../src/engines/lambda/process-control.js";

describe("/proc memory readings", () => {
  it("statm's resident size matches VmRSS and stays under VmHWM", () => {
    const status = new ProcStatus(process.pid);
    const statm = new ProcStatm(process.pid);
    try {
      const rss = status.field("VmRSS")!;
      const sampled = statm.residentKb()!;
      const hwm = status.field("VmHWM")!;
      assert.ok(rss > 1024, `VmRSS ${rss} kB`);
      // Read a moment apart: allow the process to have moved by a few MiB.
      assert.ok(Math.abs(sampled - rss) < 8192, `statm ${sampled} kB vs VmRSS ${rss} kB`);
      assert.ok(hwm >= Math.min(rss, sampled), `VmHWM ${hwm} kB`);
      assert.equal(status.field("NoSuchField"), undefined);
    } finally {
      status.close();
      statm.close();
    }
  });

  it("a process that is gone reads as unavailable, also when its descriptor was kept open", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"], { stdio: "ignore" });
    await once(child, "spawn");
    const statm = new ProcStatm(child.pid!);
    const status = new ProcStatus(child.pid!);
    assert.ok(statm.residentKb()! > 0);
    assert.ok(status.field("VmHWM")! > 0);
    child.kill("SIGKILL");
    await once(child, "exit");
    assert.equal(statm.residentKb(), undefined);
    assert.equal(status.field("VmHWM"), undefined);
    statm.close();
    status.close();
    assert.equal(new ProcStatm(0).residentKb(), undefined);
  });
});
