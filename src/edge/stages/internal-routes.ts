// Stage 2: routes Nimbus answers itself (/_nimbus/*, later the Lambda Runtime API and the
// API Gateway data planes) before any AWS API detection.
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export async function internalRoutes(ex: Exchange, env: EdgeEnv): Promise<void> {
  for (const route of env.internalRoutes) {
    const matched = route.matches(ex.http);
    if (matched === true || (matched !== false && (await matched))) {
      ex.response = await route.handle(ex.http, env, ex);
      return;
    }
  }
}
