// Hot reload through the SDK: a function created with Code { S3Bucket: "hot-reload", S3Key:
// <folder> } runs the folder in place, and an edit saved in the folder reaches the very next
// invocation without UpdateFunctionCode (Node and Python).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import yauzl from "yauzl";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { makeZip } from "../services/lambda/harness.js";

const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const WAIT = { maxWaitTime: 20, minDelay: 1, maxDelay: 1 };
const nodeHandler = (tag: string) => `let calls = 0;\nexports.handler = async () => ({ tag: ${JSON.stringify(tag)}, calls: ++calls });\n`;
const pythonHandler = (tag: string) => `calls = 0\n\ndef handler(event, context):\n    global calls\n    calls += 1\n    return {"tag": ${JSON.stringify(tag)}, "calls": calls}\n`;

/** Entry names and contents of a zip. */
function unzip(zip: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const out: Record<string, string> = {};
      file.on("entry", (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out[entry.fileName] = Buffer.concat(chunks).toString("utf8");
            file.readEntry();
          });
        });
      });
      file.on("end", () => resolve(out));
      file.readEntry();
    });
  });
}

describe("Lambda hot reload through the SDK", () => {
  let node: NimbusNode;
  let lambda: LambdaClient;
  let root: string;
  const decode = (p: Uint8Array | undefined) => JSON.parse(Buffer.from(p ?? []).toString("utf8"));
  const invoke = (name: string, extra: Record<string, unknown> = {}) => lambda.send(new InvokeCommand({ FunctionName: name, ...extra }));
  const mkfolder = (name: string, files: Record<string, string>): string => {
    const dir = mkdtempSync(join(root, `${name}-`));
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
    return dir;
  };
  async function create(name: string, dir: string, extra: Record<string, unknown> = {}) {
    const out = await lambda.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { S3Bucket: "hot-reload", S3Key: dir }, ...extra }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: name });
    return out;
  }

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    lambda = new LambdaClient(clientConfig(node));
    root = mkdtempSync(join(tmpdir(), "nimbus-hot-reload-"));
  });
  after(async () => {
    lambda.destroy();
    await node.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("Node: an edit saved in the folder reaches the next invocation, without UpdateFunctionCode", async () => {
    const dir = mkfolder("node", { "index.js": nodeHandler("v1") });
    const created = await create("hot-node", dir);
    assert.equal(created.CodeSha256, "hot-reloading-hash-not-available");
    assert.equal(created.CodeSize, 0);
    assert.deepEqual(decode((await invoke("hot-node")).Payload), { tag: "v1", calls: 1 });
    assert.deepEqual(decode((await invoke("hot-node")).Payload), { tag: "v1", calls: 2 }, "warm while unchanged");
    writeFileSync(join(dir, "index.js"), nodeHandler("v2"));
    assert.deepEqual(decode((await invoke("hot-node")).Payload), { tag: "v2", calls: 1 });
    // A module the handler requires is code too.
    writeFileSync(join(dir, "message.js"), "module.exports = 'from a new module';");
    writeFileSync(join(dir, "index.js"), "exports.handler = async () => require('./message.js');");
    assert.equal(decode((await invoke("hot-node")).Payload), "from a new module");
  });

  it("Python: an edit of the handler module reaches the next invocation", async () => {
    const dir = mkfolder("python", { "app.py": pythonHandler("v1") });
    await create("hot-python", dir, { Runtime: "python3.12", Handler: "app.handler" });
    assert.deepEqual(decode((await invoke("hot-python")).Payload), { tag: "v1", calls: 1 });
    assert.deepEqual(decode((await invoke("hot-python")).Payload), { tag: "v1", calls: 2 }, "warm while unchanged");
    writeFileSync(join(dir, "app.py"), pythonHandler("v2"));
    assert.deepEqual(decode((await invoke("hot-python")).Payload), { tag: "v2", calls: 1 });
  });

  it("refuses a relative, missing or non-folder S3Key with InvalidParameterValueException", async () => {
    const file = join(mkfolder("file", { "index.js": "" }), "index.js");
    const cases: [string | undefined, RegExp][] = [
      ["relative/folder", /absolute folder path as S3Key; 'relative\/folder' is relative/],
      [join(root, "no-such-folder"), /Hot reload folder '.*no-such-folder' does not exist/],
      [file, /Hot reload path '.*index\.js' is not a folder/],
      [undefined, /Hot reload needs the absolute path of a local folder as S3Key/],
    ];
    for (const [key, message] of cases) {
      await assert.rejects(
        lambda.send(new CreateFunctionCommand({ FunctionName: "hot-bad", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { S3Bucket: "hot-reload", S3Key: key } })),
        (err: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(err.name, "InvalidParameterValueException");
          assert.equal(err.$metadata?.httpStatusCode, 400);
          assert.match(err.message ?? "", message);
          return true;
        },
        String(key),
      );
    }
  });

  it("UpdateFunctionCode switches a zip function to a folder and back", async () => {
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: "hot-switch", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: await makeZip({ "index.js": nodeHandler("zip") }) } }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: "hot-switch" });
    assert.equal(decode((await invoke("hot-switch")).Payload).tag, "zip");
    const dir = mkfolder("switch", { "index.js": nodeHandler("folder") });
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "hot-switch", S3Bucket: "hot-reload", S3Key: dir }));
    assert.equal(updated.CodeSha256, "hot-reloading-hash-not-available");
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "hot-switch" });
    assert.equal(decode((await invoke("hot-switch")).Payload).tag, "folder");
    writeFileSync(join(dir, "index.js"), nodeHandler("folder-edited"));
    assert.equal(decode((await invoke("hot-switch")).Payload).tag, "folder-edited");
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "hot-switch", ZipFile: await makeZip({ "index.js": nodeHandler("zip-again") }) }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "hot-switch" });
    assert.equal(decode((await invoke("hot-switch")).Payload).tag, "zip-again");
    writeFileSync(join(dir, "index.js"), nodeHandler("ignored"));
    assert.equal(decode((await invoke("hot-switch")).Payload).tag, "zip-again", "the folder no longer matters");
  });

  it("GetFunction's Code.Location downloads the folder as it is now", async () => {
    const dir = mkfolder("download", { "index.js": nodeHandler("d1") });
    await create("hot-download", dir);
    writeFileSync(join(dir, "extra.txt"), "added later");
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "hot-download" }));
    assert.equal(got.Configuration?.CodeSha256, "hot-reloading-hash-not-available");
    const res = await fetch(got.Code!.Location!);
    assert.equal(res.status, 200);
    assert.deepEqual(await unzip(Buffer.from(await res.arrayBuffer())), { "index.js": nodeHandler("d1"), "extra.txt": "added later" });
  });

  it("a published version runs from the folder too, and publishing twice unchanged gives the same version", async () => {
    const dir = mkfolder("versions", { "index.js": nodeHandler("p1") });
    await create("hot-versions", dir);
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: "hot-versions" }));
    const again = await lambda.send(new PublishVersionCommand({ FunctionName: "hot-versions" }));
    assert.equal(again.Version, v1.Version);
    writeFileSync(join(dir, "index.js"), nodeHandler("p2"));
    assert.equal(decode((await invoke("hot-versions", { Qualifier: v1.Version })).Payload).tag, "p2");
    // Another folder is another code: publishing it makes a new version.
    const other = mkfolder("versions-other", { "index.js": nodeHandler("other") });
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "hot-versions", S3Bucket: "hot-reload", S3Key: other }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "hot-versions" });
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: "hot-versions" }));
    assert.notEqual(v2.Version, v1.Version);
    assert.equal(decode((await invoke("hot-versions", { Qualifier: v2.Version })).Payload).tag, "other");
  });

  it("a folder removed after creation fails the invocation with Runtime.InvalidEntrypoint, and works again once back", async () => {
    const dir = mkfolder("removed", { "index.js": nodeHandler("r1") });
    await create("hot-removed", dir);
    assert.equal(decode((await invoke("hot-removed")).Payload).tag, "r1");
    rmSync(dir, { recursive: true });
    const out = await invoke("hot-removed");
    assert.equal(out.FunctionError, "Unhandled");
    const error = decode(out.Payload);
    assert.equal(error.errorType, "Runtime.InvalidEntrypoint");
    assert.match(error.errorMessage, /^RequestId: [0-9a-f-]{36} Error: Hot reload folder .*removed-\w+ does not exist$/);
    mkdirSync(dir);
    writeFileSync(join(dir, "index.js"), nodeHandler("r2"));
    assert.equal(decode((await invoke("hot-removed")).Payload).tag, "r2");
  });
});
