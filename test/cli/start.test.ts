// `nimbus start` as a user runs it: prints where it listens and where data lives, answers,
// and on SIGTERM/SIGINT drains and exits 0.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "nimbus.js");

function startCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, "start", "--port", "0", "--log-level", "warn", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /ready on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before ready: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

describe("nimbus CLI", () => {
  it("--help documents every option of start", () => {
    const res = spawnSync(process.execPath, [BIN, "start", "--help"], { encoding: "utf8" });
    assert.equal(res.status, 0);
    for (const flag of ["--port", "--host", "--data-dir", "--in-memory", "--store", "--log-level", "--auth"]) assert.ok(res.stdout.includes(flag), flag);
    const top = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    assert.match(top.stdout, /start/);
  });

  it("prints the endpoint and data location, answers, and drains on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "nimbus-cli-"));
    try {
      const cli = startCli(["--data-dir", dataDir]);
      const endpoint = await cli.ready;
      assert.ok(cli.output().includes(dataDir), cli.output());
      const health = await fetch(`${endpoint}/_nimbus/health`);
      assert.equal(health.status, 200);
      cli.child.kill("SIGTERM");
      assert.equal(await cli.exited, 0);
      assert.match(cli.output(), /SIGTERM: draining/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("exits 0 on SIGINT in memory mode", async () => {
    const cli = startCli(["--in-memory"]);
    await cli.ready;
    cli.child.kill("SIGINT");
    assert.equal(await cli.exited, 0);
  });
});
