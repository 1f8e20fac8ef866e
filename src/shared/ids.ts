// Identifiers shaped as AWS shapes them.
import { randomBytes, randomUUID } from "node:crypto";

/** A request id as most services report it (x-amzn-RequestId): a lower-case UUID. */
export const newRequestId = (): string => randomUUID();

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Random upper-case letters and digits, as in access key ids and unique ids (AROA..., AIDA...). */
export function randomUpperAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[bytes[i]! % UPPER_ALNUM.length];
  return out;
}
