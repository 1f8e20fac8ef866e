// Reads and read-modify-writes of REST API documents. A change loads the document, applies
// the change to it in memory and saves it only if nobody saved in between (the row's
// version); on a race it retries from a fresh read, and after repeated races answers what AWS
// answers: ConflictException "Unable to complete operation due to concurrent modification".
// Within one process, changes to one API queue behind each other (tools such as Terraform
// create many resources of one API in parallel), so only writers on other nodes sharing the
// PostgreSQL database can race.
import type { RequestContext } from "../../aws/context.js";
import { concurrentModification } from "./errors.js";
import type { RestApiDocument, Scope } from "./records.js";
import type { ApiGatewayStore } from "./store.js";

const MAX_ATTEMPTS = 20;

export const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

export class ApiRepository {
  /** The tail of each API's queue of in-process changes. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly store: ApiGatewayStore) {}

  /** The API, or the error `missing()` builds (each operation words a missing API its own way). */
  async load(scope: Scope, apiId: string, missing: () => Error): Promise<RestApiDocument> {
    const doc = await this.store.getApi(scope, apiId);
    if (!doc) throw missing();
    return doc;
  }

  /**
   * Applies change to the API and saves it. change mutates the document it is given and may
   * throw (nothing is saved then); it can run more than once when writers race, so it must not
   * have side effects outside the document.
   */
  mutate<T>(scope: Scope, apiId: string, missing: () => Error, change: (doc: RestApiDocument) => T | Promise<T>): Promise<T> {
    const key = `${scope.accountId}/${scope.region}/${apiId}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => this.attempt(scope, apiId, missing, change),
      () => this.attempt(scope, apiId, missing, change),
    );
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async attempt<T>(scope: Scope, apiId: string, missing: () => Error, change: (doc: RestApiDocument) => T | Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.load(scope, apiId, missing);
      const result = await change(doc);
      if (await this.store.saveApi(scope, doc)) return result;
      // Another node saved first: let its request finish before reading again.
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw concurrentModification();
  }
}
