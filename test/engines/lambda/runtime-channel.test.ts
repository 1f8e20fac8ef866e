// The frame channel between Nimbus and its own bootstraps (src/engines/lambda/runtime-channel.ts),
// driven through a stand-in socket: frames split at every byte, several frames in one chunk,
// bodies over the response limit, and what goes back to the runtime.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { describe, it } from "node:test";
import { MAX_RESPONSE_BYTES } from "../../../src/engines/lambda/platform-errors.js";
import type { NextInvocation, Reply, RuntimeApiHandler, Verdict } from "../../../src/engines/lambda/runtime-api-server.js";
import { RuntimeChannel } from "../../../src/engines/lambda/runtime-channel.js";

class FakeSocket extends EventEmitter {
  destroyed = false;
  written: Buffer[] = [];
  corked = 0;
  write(chunk: Buffer): boolean {
    // Kept as given, as a socket queues it: a buffer the channel reuses must not be handed over.
    this.written.push(chunk);
    return true;
  }
  cork(): void {
    this.corked++;
  }
  uncork(): void {}
  destroy(): void {
    this.destroyed = true;
  }
  /** The frames written so far: [kind, meta, body]. */
  frames(): Array<[string, unknown[], Buffer]> {
    const all = Buffer.concat(this.written);
    const out: Array<[string, unknown[], Buffer]> = [];
    for (let at = 0; at < all.length; ) {
      const metaLength = all.readUInt32BE(at);
      const bodyLength = all.readUInt32BE(at + 4);
      const meta = metaLength ? (JSON.parse(all.toString("utf8", at + 9, at + 9 + metaLength)) as unknown[]) : [];
      out.push([String.fromCharCode(all[at + 8]!), meta, all.subarray(at + 9 + metaLength, at + 9 + metaLength + bodyLength)]);
      at += 9 + metaLength + bodyLength;
    }
    return out;
  }
}

function frame(kind: string, meta: unknown[] | undefined, body: Buffer | string = ""): Buffer {
  const m = Buffer.from(meta ? JSON.stringify(meta) : "");
  const b = Buffer.from(body);
  const head = Buffer.alloc(9);
  head.writeUInt32BE(m.length, 0);
  head.writeUInt32BE(b.length, 4);
  head[8] = kind.charCodeAt(0);
  return Buffer.concat([head, m, b]);
}

function recorder() {
  const calls: unknown[][] = [];
  const replies: Array<Reply<NextInvocation>> = [];
  const handler: RuntimeApiHandler = {
    next: (reply) => {
      calls.push(["next"]);
      replies.push(reply);
    },
    response: (id, body, size): Verdict => {
      calls.push(["response", id, body?.toString(), size]);
      return "accepted";
    },
    error: (id, type, body): Verdict => {
      calls.push(["error", id, type, body.toString()]);
      return "accepted";
    },
    initError: (type, body): Verdict => {
      calls.push(["initError", type, body.toString()]);
      return "accepted";
    },
    specialize: (reply) => reply.send('{"env":{}}'),
  };
  return { calls, replies, handler };
}

describe("runtime channel", () => {
  it("reads frames however the bytes are split, and a response also asks for the next invocation", () => {
    const socket = new FakeSocket();
    const channel = new RuntimeChannel(socket as unknown as Socket);
    const { calls, handler } = recorder();
    channel.setHandler(handler);
    const bytes = Buffer.concat([
      frame("N", undefined),
      frame("R", ["id-1"], '{"ok":true}'),
      frame("E", ["id-2", "Custom.Failure"], '{"errorType":"Custom.Failure"}'),
      frame("I", ["Runtime.ImportModuleError"], "{}"),
    ]);
    for (let i = 0; i < bytes.length; i++) socket.emit("data", bytes.subarray(i, i + 1));
    socket.emit("data", bytes); // and all of it in one chunk
    const expected = [
      ["next"],
      ["response", "id-1", '{"ok":true}', 11],
      ["next"],
      ["error", "id-2", "Custom.Failure", '{"errorType":"Custom.Failure"}'],
      ["next"],
      ["initError", "Runtime.ImportModuleError", "{}"],
    ];
    assert.deepEqual(calls, [...expected, ...expected]);
  });

  it("counts but does not keep a body over the response limit", () => {
    const socket = new FakeSocket();
    const channel = new RuntimeChannel(socket as unknown as Socket);
    const { calls, handler } = recorder();
    channel.setHandler(handler);
    const size = MAX_RESPONSE_BYTES + 100;
    const bytes = Buffer.concat([frame("R", ["big"], Buffer.alloc(size, 0x61)), frame("N", undefined)]);
    for (let at = 0; at < bytes.length; at += 65536) socket.emit("data", bytes.subarray(at, at + 65536));
    assert.deepEqual(calls, [["response", "big", undefined, size], ["next"], ["next"]]);
  });

  it("hands over invocations, specialisation and refusals as frames", () => {
    const socket = new FakeSocket();
    const channel = new RuntimeChannel(socket as unknown as Socket);
    const { replies, handler } = recorder();
    channel.setHandler(handler);
    socket.emit("data", Buffer.concat([frame("S", undefined), frame("N", undefined)]));
    replies[0]!.send({
      requestId: "id-1",
      deadlineMs: 1234,
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:f",
      traceId: "Root=1-abc",
      clientContext: '{"custom":{}}',
      payload: Buffer.from('{"a":1}'),
    });
    replies[0]!.rejectInvalidState("State transition is not allowed");
    replies[0]!.send({ requestId: "id-2", deadlineMs: 1, invokedFunctionArn: "arn", traceId: "t", payload: Buffer.alloc(100_000, 0x20) });
    const frames = socket.frames();
    assert.deepEqual(
      frames.map(([kind, meta, body]) => [kind, meta, body.length > 64 ? body.length : body.toString()]),
      [
        ["S", [], '{"env":{}}'],
        ["V", ["id-1", 1234, "arn:aws:lambda:us-east-1:123456789012:function:f", "Root=1-abc", '{"custom":{}}', null], '{"a":1}'],
        ["X", ["InvalidStateTransition", "State transition is not allowed"], ""],
        ["V", ["id-2", 1, "arn", "t", null, null], 100_000],
      ],
    );
    assert.equal(socket.corked, 1, "a large event goes out as head + body without a copy");
  });

  it("drops a peer that sends an oversized or malformed head", () => {
    const socket = new FakeSocket();
    new RuntimeChannel(socket as unknown as Socket).setHandler(recorder().handler);
    const head = Buffer.alloc(9);
    head.writeUInt32BE(10 * 1024 * 1024, 0);
    socket.emit("data", head);
    assert.equal(socket.destroyed, true);
  });
});
