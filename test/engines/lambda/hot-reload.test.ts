// Hot reload in the engine: a spec with hotReload runs its folder in place, and the first
// invocation after a change runs in a new environment that loads the folder's new content;
// without a change the warm environment is reused.
import assert from "node:assert/strict";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CodeWatcher, treeSignature } from "../../../src/engines/lambda/code-watcher.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { json, makeSpec, request, scratch, startEngine, waitFor, writeFiles, type TestEngine } from "./helpers.js";

/** A handler that reports its version and how many times its environment has been invoked. */
const nodeHandler = (version: string) => `let calls = 0; exports.handler = async () => ({ version: ${JSON.stringify(version)}, calls: ++calls });`;
const pythonHandler = (version: string) => `calls = 0\ndef handler(event, context):\n    global calls\n    calls += 1\n    return {"version": ${JSON.stringify(version)}, "calls": calls}\n`;

describe("code watcher", () => {
  const code = scratch();
  after(() => code.cleanup());

  it("moves its generation on writes, new folders and files in them, and deletions", async () => {
    const dir = writeFiles(join(code.dir, "w1"), { "index.js": "1", "lib/util.js": "1" });
    const w = new CodeWatcher(dir, silentLogger);
    try {
      assert.equal(w.watching, true);
      const moved = async (change: () => void) => {
        const before = w.generation();
        change();
        await waitFor(() => w.generation() !== before);
      };
      await moved(() => writeFileSync(join(dir, "index.js"), "2"));
      await moved(() => writeFileSync(join(dir, "lib", "util.js"), "2"));
      await moved(() => mkdirSync(join(dir, "lib", "deep")));
      // The new folder is watched too.
      await moved(() => writeFileSync(join(dir, "lib", "deep", "x.js"), "1"));
      // An editor's atomic save: write a temporary file, rename it over the original.
      await moved(() => {
        writeFileSync(join(dir, "index.js.tmp"), "3");
        renameSync(join(dir, "index.js.tmp"), join(dir, "index.js"));
      });
      await moved(() => rmSync(join(dir, "lib"), { recursive: true }));
    } finally {
      w.close();
    }
  });

  it("ignores Python's bytecode cache", async () => {
    const dir = writeFiles(join(code.dir, "w2"), { "app.py": "x = 1\n" });
    const w = new CodeWatcher(dir, silentLogger);
    try {
      const before = w.generation();
      mkdirSync(join(dir, "__pycache__"));
      writeFileSync(join(dir, "__pycache__", "app.cpython-312.pyc"), "bytecode");
      writeFileSync(join(dir, "stray.pyc"), "bytecode");
      // A change made afterwards proves the events above were delivered (inotify keeps order).
      writeFileSync(join(dir, "marker.txt"), "1");
      await waitFor(() => w.generation() >= before + 2);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(w.generation(), before + 2, "only marker.txt's creation and write count");
    } finally {
      w.close();
    }
  });

  it("watches the folder again when it is removed and made again (rm -rf dist && build)", async () => {
    const dir = writeFiles(join(code.dir, "w3"), { "index.js": "1", "lib/a.js": "1" });
    const w = new CodeWatcher(dir, silentLogger);
    try {
      const first = w.generation();
      rmSync(dir, { recursive: true });
      writeFiles(dir, { "index.js": "2", "lib/a.js": "2" });
      // Seen at once (the root's inode changed), before inotify's events arrive.
      const rebuilt = w.generation();
      assert.ok(rebuilt > first);
      assert.equal(w.watching, true);
      writeFileSync(join(dir, "lib", "a.js"), "3");
      await waitFor(() => w.generation() !== rebuilt);
    } finally {
      w.close();
    }
  });

  it("comparing the tree instead of watching sees edits at the next generation() call", () => {
    const dir = writeFiles(join(code.dir, "w5"), { "index.js": "1", "lib/a.js": "1" });
    const w = new CodeWatcher(dir, silentLogger, { compare: true });
    try {
      assert.equal(w.watching, false);
      const first = w.generation();
      assert.equal(w.generation(), first, "unchanged");
      writeFileSync(join(dir, "lib", "a.js"), "22");
      const second = w.generation();
      assert.notEqual(second, first);
      writeFiles(dir, { "__pycache__/a.cpython-312.pyc": "x" });
      assert.equal(w.generation(), second, "bytecode is ignored");
    } finally {
      w.close();
    }
  });

  it("tree signatures differ when a file's content changes", () => {
    const dir = writeFiles(join(code.dir, "w4"), { "a.js": "1", "sub/b.js": "1", "__pycache__/c.pyc": "x" });
    const first = treeSignature(dir);
    assert.doesNotMatch(first, /__pycache__/);
    writeFileSync(join(dir, "sub", "b.js"), "12");
    assert.notEqual(treeSignature(dir), first);
  });
});

describe("hot reload in the engine", () => {
  let t: TestEngine;
  const code = scratch();
  before(() => {
    t = startEngine();
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("reuses the warm environment while the folder is unchanged, and replaces it after an edit (Node)", async () => {
    const dir = writeFiles(join(code.dir, "node"), { "index.js": nodeHandler("v1") });
    const spec = makeSpec(dir, { hotReload: true });
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { version: "v1", calls: 1 });
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { version: "v1", calls: 2 });
    writeFileSync(join(dir, "index.js"), nodeHandler("v2"));
    const edited = await t.engine.invoke(spec, request(spec));
    assert.deepEqual(json(edited.payload), { version: "v2", calls: 1 });
    assert.ok(edited.initDurationMs !== undefined, "a new environment ran init");
  });

  it("replaces the environment after an edit of a Python module", async () => {
    const dir = writeFiles(join(code.dir, "python"), { "app.py": pythonHandler("v1") });
    const spec = makeSpec(dir, { hotReload: true, runtime: "python3.12", handler: "app.handler" });
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { version: "v1", calls: 1 });
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { version: "v1", calls: 2 });
    writeFileSync(join(dir, "app.py"), pythonHandler("v2"));
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { version: "v2", calls: 1 });
  });

  it("an immutable package (no hotReload) keeps its environment whatever happens to the folder", async () => {
    const dir = writeFiles(join(code.dir, "fixed"), { "index.js": nodeHandler("v1") });
    const spec = makeSpec(dir);
    await t.engine.invoke(spec, request(spec));
    writeFileSync(join(dir, "index.js"), nodeHandler("v2"));
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { version: "v1", calls: 2 });
  });
});
