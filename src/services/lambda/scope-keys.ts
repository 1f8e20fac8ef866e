// Map keys for what Invoke looks up on every call (the function's cache entry, its in-flight
// count, the account's unreserved count and reserved sum), made once per scope and function name.
// A key joined anew per call is a new string that each Map look-up must flatten and hash; the
// scope objects scopeOf hands out are shared per account and region (arns.ts), so their keys are
// kept beside them and found by identity. Scopes built elsewhere (tests, ARNs of other accounts)
// get their keys made and kept the same way, dropped with the scope.
import type { Scope } from "./arns.js";

interface ScopeKeys {
  /** "{accountId}/{region}" */
  readonly account: string;
  /** Function name -> "{accountId}/{region}/{name}". */
  readonly functions: Map<string, string>;
}

const keys = new WeakMap<Scope, ScopeKeys>();
/** Names remembered per scope before its list is dropped (names come from requests). */
const MAX_NAMES = 10_000;

function keysOf(scope: Scope): ScopeKeys {
  let known = keys.get(scope);
  if (known === undefined) keys.set(scope, (known = { account: `${scope.accountId}/${scope.region}`, functions: new Map() }));
  return known;
}

/** "{accountId}/{region}": the account's key in one region. */
export function accountKey(scope: Scope): string {
  return keysOf(scope).account;
}

/** "{accountId}/{region}/{name}": a function's key. */
export function functionKey(scope: Scope, name: string): string {
  const scoped = keysOf(scope);
  let key = scoped.functions.get(name);
  if (key === undefined) {
    if (scoped.functions.size >= MAX_NAMES) scoped.functions.clear();
    scoped.functions.set(name, (key = `${scoped.account}/${name}`));
  }
  return key;
}
