// STS's durable state: the temporary credentials it issued, so that calls signed with them
// authenticate (and report the right identity) after a restart and on every node.
import type { Kysely, Migration } from "kysely";
import type { IssuedCredential } from "../../aws/identity/credentials.js";
import type { ServiceDb, Store } from "../../storage/types.js";

export interface StsDb {
  sts_credentials: {
    access_key_id: string;
    secret_access_key: string;
    session_token: string;
    account_id: string;
    arn: string;
    user_id: string;
    expires_at: number;
    created_at: number;
  };
}

export const stsMigrations: Record<string, Migration> = {
  "0001_credentials": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("sts_credentials")
        .addColumn("access_key_id", "varchar(128)", (c) => c.primaryKey())
        .addColumn("secret_access_key", "varchar(128)", (c) => c.notNull())
        .addColumn("session_token", "text", (c) => c.notNull())
        .addColumn("account_id", "varchar(12)", (c) => c.notNull())
        .addColumn("arn", "varchar(2048)", (c) => c.notNull())
        .addColumn("user_id", "varchar(256)", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
    },
  },
};

export class StsStore {
  private constructor(private readonly sdb: ServiceDb<StsDb>) {}

  static async open(store: Store): Promise<StsStore> {
    return new StsStore(await store.open<StsDb>("sts", stsMigrations));
  }

  async save(cred: Required<IssuedCredential>, createdAt: number): Promise<void> {
    await this.sdb.db
      .insertInto("sts_credentials")
      .values({
        access_key_id: cred.accessKeyId,
        secret_access_key: cred.secretAccessKey,
        session_token: cred.sessionToken,
        account_id: cred.accountId,
        arn: cred.arn,
        user_id: cred.userId,
        expires_at: cred.expiresAt,
        created_at: createdAt,
      })
      .execute();
  }

  async find(accessKeyId: string): Promise<IssuedCredential | undefined> {
    const row = await this.sdb.db.selectFrom("sts_credentials").selectAll().where("access_key_id", "=", accessKeyId).executeTakeFirst();
    if (!row) return undefined;
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: row.secret_access_key,
      sessionToken: row.session_token,
      accountId: row.account_id,
      arn: row.arn,
      userId: row.user_id,
      expiresAt: Number(row.expires_at),
    };
  }

  reset(): Promise<void> {
    return this.sdb.reset();
  }
}
