// Stage 2: routes Nimbus answers itself (/_nimbus/*, later the Lambda Runtime API and the
// API Gateway data planes) before any AWS API detection.
//
// Synchronous while every route answers `matches` synchronously with false (an AWS API call,
// the usual case): the pipeline then awaits nothing here. Routes are still asked in order, and a
// route whose answer is a promise is awaited before the next one is asked.
import type { EdgeEnv, InternalRoute } from "../env.js";
import type { Exchange } from "../exchange.js";

export function internalRoutes(ex: Exchange, env: EdgeEnv): void | Promise<void> {
  const routes = env.internalRoutes;
  for (let i = 0; i < routes.length; i++) {
    const matched = routes[i]!.matches(ex.http);
    if (matched === false) continue;
    if (matched === true) return answer(routes[i]!, ex, env);
    return askFrom(routes, i, matched, ex, env);
  }
}

/** Route i answered with a promise: waits for it, then asks the routes after it in turn. */
async function askFrom(routes: readonly InternalRoute[], i: number, pending: Promise<boolean>, ex: Exchange, env: EdgeEnv): Promise<void> {
  if (await pending) return answer(routes[i]!, ex, env);
  for (let j = i + 1; j < routes.length; j++) {
    const matched = routes[j]!.matches(ex.http);
    if (matched === true || (matched !== false && (await matched))) return answer(routes[j]!, ex, env);
  }
}

async function answer(route: InternalRoute, ex: Exchange, env: EdgeEnv): Promise<void> {
  ex.response = await route.handle(ex.http, env, ex);
}
