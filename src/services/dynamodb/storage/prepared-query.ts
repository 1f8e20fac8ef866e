// Queries built once with Kysely (so they stay typed and dialect-neutral) and then executed many
// times with new parameters, skipping the query builder and SQL compiler on the hot path.
// A query is built with Param placeholders in place of values; compiling it records where each
// placeholder landed in the parameter list, and execution substitutes the real values there.
// The SQL text stays identical between executions, so a driver that caches prepared statements
// by SQL text (as the SQLite store should) prepares each shape once.
// A query runs either through Kysely (any dialect; inside a Kysely transaction) or straight on a
// SQLite connection the caller holds (ServiceDb.direct), which skips Kysely's executor.
import { type Compilable, type CompiledQuery, Kysely } from "kysely";
import type { DirectSql } from "../../../storage/types.js";

/** Where a prepared query runs: a Kysely instance or transaction, or a held SQLite connection. */
export type SqlRunner = Kysely<any> | DirectSql;

/** A placeholder for the index-th argument of a prepared query. */
export class Param {
  constructor(readonly index: number) {}
}

/** The placeholder for argument `index`, typed as the value it stands for. */
export function param<T>(index: number): T {
  return new Param(index) as unknown as T;
}

export class PreparedQuery<Row> {
  private readonly compiled: CompiledQuery<Row>;
  private readonly slots: readonly unknown[];

  constructor(query: Compilable<Row>) {
    this.compiled = query.compile();
    this.slots = this.compiled.parameters;
  }

  get sql(): string {
    return this.compiled.sql;
  }

  private parameters(args: readonly unknown[]): unknown[] {
    const parameters = new Array<unknown>(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      parameters[i] = slot instanceof Param ? args[slot.index] : slot;
    }
    return parameters;
  }

  private bind(args: readonly unknown[]): CompiledQuery<Row> {
    return { ...this.compiled, parameters: this.parameters(args) };
  }

  async rows(db: SqlRunner, args: readonly unknown[]): Promise<Row[]> {
    if (!(db instanceof Kysely)) return db.all<Row>(this.compiled.sql, this.parameters(args));
    return (await db.executeQuery(this.bind(args))).rows;
  }

  async first(db: SqlRunner, args: readonly unknown[]): Promise<Row | undefined> {
    if (!(db instanceof Kysely)) return db.all<Row>(this.compiled.sql, this.parameters(args))[0];
    return (await db.executeQuery(this.bind(args))).rows[0];
  }

  /** run() on a held SQLite connection, synchronously. */
  runNow(db: DirectSql, args: readonly unknown[]): number {
    return db.run(this.compiled.sql, this.parameters(args));
  }

  /** Runs a statement for its effect; returns the number of rows it changed. */
  async run(db: SqlRunner, args: readonly unknown[]): Promise<number> {
    if (!(db instanceof Kysely)) return db.run(this.compiled.sql, this.parameters(args));
    const result = await db.executeQuery(this.bind(args));
    return Number(result.numAffectedRows ?? 0n);
  }
}

/** Builds prepared queries on first use and keeps them by name (one cache per engine instance). */
export class PreparedQueryCache {
  private readonly queries = new Map<string, PreparedQuery<any>>();

  get<Row>(name: string, build: () => Compilable<Row>): PreparedQuery<Row> {
    let query = this.queries.get(name);
    if (!query) {
      query = new PreparedQuery(build());
      this.queries.set(name, query);
    }
    return query as PreparedQuery<Row>;
  }
}
