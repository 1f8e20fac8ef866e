// Stage 4: which of its protocols the service is being spoken to in. Most services speak
// one; SQS answers awsJson1_0 (X-Amz-Target) and the older query protocol (Action=...).
import { detectProtocol as detect } from "../../aws/protocol/index.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function detectProtocol(ex: Exchange, _env: EdgeEnv): void {
  ex.protocol = detect(ex.spec!, ex.http);
}
