// Concurrency accounting for invocations (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html):
// an account (per region) runs at most accountLimit invocations at once. A function with
// reserved concurrency R runs at most R at once (R = 0 throttles every call) and those R are
// set aside from the account's pool; every other function shares the unreserved rest, which
// Lambda keeps at 100 or more. Counts are in-process: each Nimbus node enforces its own.
import type { ThrottleReason } from "../../aws/generated/lambda.js";
import type { Scope } from "./arns.js";
import { accountKey as accountKeyOf, functionKey } from "./scope-keys.js";

export interface ConcurrencyLease {
  release(): void;
}

export type Admission = { lease: ConcurrencyLease } | { throttled: ThrottleReason };

export class ConcurrencyLimiter {
  /** Unreserved invocations in flight per account and region. */
  private readonly unreserved = new Map<string, number>();
  /** In-flight invocations per function. */
  private readonly perFunction = new Map<string, number>();

  constructor(private readonly accountLimit: number) {}

  /**
   * Admits one invocation of a function, or says why it is throttled.
   * reserved: the function's reserved concurrency (undefined when it has none);
   * totalReserved: the sum reserved by every function of the account.
   */
  admit(scope: Scope, functionName: string, reserved: number | undefined, totalReserved: number): Admission {
    const accountKey = accountKeyOf(scope);
    const fnKey = functionKey(scope, functionName);
    const running = this.perFunction.get(fnKey) ?? 0;
    if (reserved !== undefined) {
      if (running >= reserved) return { throttled: "ReservedFunctionConcurrentInvocationLimitExceeded" };
    } else {
      const pool = this.accountLimit - totalReserved;
      if ((this.unreserved.get(accountKey) ?? 0) >= pool) return { throttled: "ConcurrentInvocationLimitExceeded" };
      this.unreserved.set(accountKey, (this.unreserved.get(accountKey) ?? 0) + 1);
    }
    this.perFunction.set(fnKey, running + 1);
    let released = false;
    return {
      lease: {
        release: () => {
          if (released) return;
          released = true;
          const left = (this.perFunction.get(fnKey) ?? 1) - 1;
          if (left <= 0) this.perFunction.delete(fnKey);
          else this.perFunction.set(fnKey, left);
          if (reserved === undefined) {
            const u = (this.unreserved.get(accountKey) ?? 1) - 1;
            if (u <= 0) this.unreserved.delete(accountKey);
            else this.unreserved.set(accountKey, u);
          }
        },
      },
    };
  }

  /** In-flight invocations of one function (tests, metrics). */
  running(scope: Scope, functionName: string): number {
    return this.perFunction.get(functionKey(scope, functionName)) ?? 0;
  }
}
