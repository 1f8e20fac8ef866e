// Reads and read-modify-writes of REST API documents. A change loads the document, applies
// the change to it in memory and saves it only if nobody saved in between (the row's
// version); on a race it retries from a fresh read, and after repeated races answers what AWS
// answers: ConflictException "Unable to complete operation due to concurrent modification".
// This keeps each API consistent across concurrent requests and across Nimbus nodes sharing
// one PostgreSQL database.
import type { RequestContext } from "../../aws/context.js";
import { concurrentModification } from "./errors.js";
import type { RestApiDocument, Scope } from "./records.js";
import type { ApiGatewayStore } from "./store.js";

const MAX_ATTEMPTS = 5;

export const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

export class ApiRepository {
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
  async mutate<T>(scope: Scope, apiId: string, missing: () => Error, change: (doc: RestApiDocument) => T | Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.load(scope, apiId, missing);
      const result = await change(doc);
      if (await this.store.saveApi(scope, doc)) return result;
    }
    throw concurrentModification();
  }
}
