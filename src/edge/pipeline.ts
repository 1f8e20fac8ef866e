// The one way through Nimbus for every request: an ordered list of named stages. A stage
// that answers (sets `response`) or fails (throws, or sets `error`) skips the rest, except
// the stages marked `always` (serialize and log), which every request passes through.
//
// Order note: authenticate runs before parse (the architecture guide lists it after) because
// AWS verifies the caller before it reads the operation: a bad signature gets the auth error
// even when the body is malformed.
import type { EdgeEnv } from "./env.js";
import type { Exchange } from "./exchange.js";
import { authenticate } from "./stages/authenticate.js";
import { detectProtocol } from "./stages/detect-protocol.js";
import { detectService } from "./stages/detect-service.js";
import { dispatch } from "./stages/dispatch.js";
import { internalRoutes } from "./stages/internal-routes.js";
import { log } from "./stages/log.js";
import { parse } from "./stages/parse.js";
import { receive } from "./stages/receive.js";
import { asServiceError, serialize } from "./stages/serialize.js";
import { validate } from "./stages/validate.js";

export interface Stage {
  name: string;
  run(ex: Exchange, env: EdgeEnv): void | Promise<void>;
  always?: boolean;
}

export const PIPELINE: readonly Stage[] = [
  { name: "receive", run: receive },
  { name: "internal-routes", run: internalRoutes },
  { name: "detect-service", run: detectService },
  { name: "detect-protocol", run: detectProtocol },
  { name: "authenticate", run: authenticate },
  { name: "parse", run: parse },
  { name: "validate", run: validate },
  { name: "dispatch", run: dispatch },
  { name: "serialize", run: serialize, always: true },
  { name: "log", run: log, always: true },
];

/**
 * The stages an in-process call runs (src/internal/): the caller, region and service are
 * already known, so receive, internal routes, service detection and authentication are skipped.
 */
const IN_PROCESS_SKIPPED = new Set(["receive", "internal-routes", "detect-service", "authenticate"]);
export const IN_PROCESS_STAGES: readonly Stage[] = PIPELINE.filter((s) => !IN_PROCESS_SKIPPED.has(s.name));

export async function runPipeline(ex: Exchange, env: EdgeEnv, stages: readonly Stage[] = PIPELINE): Promise<void> {
  for (const stage of stages) {
    if ((ex.response || ex.error) && !stage.always) continue;
    try {
      // Most stages are synchronous: awaiting only real promises saves a microtask turn each.
      const pending = stage.run(ex, env);
      if (pending) await pending;
    } catch (err) {
      ex.error = asServiceError(err, ex, env);
      if (stage.always) ex.response = undefined;
    }
  }
}
