// Stage 6: the operation and its input, parsed generically from the service model by the
// protocol; a malformed request becomes the protocol's own 400 error.
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function parse(ex: Exchange, env: EdgeEnv): void {
  const spec = ex.spec!;
  const op = ex.protocol!.resolveOperation(spec, ex.http);
  ex.operation = op;
  ex.input = ex.protocol!.parseInput(spec, op, ex.http);
  ex.ctx = {
    requestId: ex.requestId,
    service: spec.name,
    operation: op.name,
    protocol: ex.protocol!.name,
    accountId: ex.caller!.accountId,
    region: ex.region!,
    caller: ex.caller!,
    receivedAt: ex.receivedAt,
    endpoint: endpointOf(ex, env),
    http: ex.http,
    // The serialize stage writes the output in the protocol (the in-process operation form,
    // which returns objects, builds its own context).
    serializedOutput: true,
  };
}

function endpointOf(ex: Exchange, env: EdgeEnv): string {
  const host = ex.http.headers["host"] ?? `${env.config.host}:${env.config.port}`;
  const tls = (ex.raw?.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  return `${tls ? "https" : "http"}://${host}`;
}
