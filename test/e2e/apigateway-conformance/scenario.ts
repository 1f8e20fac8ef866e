// What a conformance scenario is: the calls one recorded LocalStack test made, replayed with
// the SDK, each answer stored under the key the test recorded it with.
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { normalise, type Shaped } from "./compare.js";

export interface SnapOptions {
  /** Sort `items` as the recorded test did (LocalStack's SortingTransformer). */
  sortItemsBy?: (item: Record<string, any>) => string | number;
}

export class ScenarioContext {
  readonly recorded = new Map<string, Shaped | unknown>();

  constructor(readonly client: APIGatewayClient) {}

  /** Runs a call and records its answer or its error under key; returns the answer (undefined on error). */
  async snap<T>(key: string, call: Promise<T>, options: SnapOptions = {}): Promise<T | undefined> {
    try {
      const output = (await call) as Record<string, any>;
      const { $metadata, ...rest } = output;
      if (options.sortItemsBy && Array.isArray(rest["items"])) {
        const by = options.sortItemsBy;
        rest["items"] = [...rest["items"]].sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));
      }
      this.recorded.set(key, { ...(normalise(rest) as object), ResponseMetadata: { HTTPStatusCode: $metadata?.httpStatusCode } });
      return output as T;
    } catch (err) {
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      if (e.$metadata === undefined) throw err;
      this.recorded.set(key, { Error: { Code: e.name, Message: e.message }, ResponseMetadata: { HTTPStatusCode: e.$metadata.httpStatusCode } });
      return undefined;
    }
  }

  /** Records a plain value (tests that snapshot an id, say). */
  value(key: string, value: unknown): void {
    this.recorded.set(key, normalise(value));
  }
}

export type Scenario = (ctx: ScenarioContext) => Promise<void>;

/** Scenarios by "TestClass::test_name", as in the snapshot file's ids. */
export type ScenarioTable = Record<string, Scenario>;
