// Who is calling: the account and principal behind an access key id.
// - Credentials Nimbus issued (STS AssumeRole, GetSessionToken) are looked up in the STS store.
// - An access key id of exactly 12 digits selects that account (a convention local AWS
//   emulators share, so tests can use several accounts without creating any).
// - Any other well-formed key maps to the default account 000000000000 as its root user.
// In strict auth mode only issued credentials and the configured static pairs verify.
import type { Caller } from "../context.js";

export const DEFAULT_ACCOUNT_ID = "000000000000";

export interface IssuedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  arn: string;
  userId: string;
  /** Epoch milliseconds after which the credential no longer authenticates. */
  expiresAt?: number;
}

export interface CredentialSource {
  /**
   * The credential Nimbus issued under this key. Undefined instead of a promise when the key
   * cannot be an issued one (no look-up needed), so the edge answers most requests without a
   * turn of the event loop.
   */
  lookup(accessKeyId: string): Promise<IssuedCredential | undefined> | undefined;
}

/** Access key / secret pairs every Nimbus accepts in strict mode: the SDK docs' example pair and "test"/"test". */
export const STATIC_CREDENTIALS: ReadonlyArray<{ accessKeyId: string; secretAccessKey: string }> = [
  { accessKeyId: "test", secretAccessKey: "test" },
  { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
];

export function accountForAccessKey(accessKeyId: string): string {
  return /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT_ID;
}

/** The root user of the account an unissued access key maps to. */
export function rootCaller(accessKeyId: string): Caller {
  const accountId = accountForAccessKey(accessKeyId);
  return { accountId, accessKeyId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
}

export function callerFromIssued(cred: IssuedCredential): Caller {
  return { accountId: cred.accountId, accessKeyId: cred.accessKeyId, arn: cred.arn, userId: cred.userId, sessionToken: cred.sessionToken };
}
