// Access key ids and what they say about their account.
import { createHash, randomBytes } from "node:crypto";
import { DEFAULT_ACCOUNT_ID } from "../../aws/identity/credentials.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The account an access key id belongs to. AWS access key ids (AKIA/ASIA + 16 characters,
 * issued since 2019) encode the account: the base32 characters after the 4-letter prefix
 * hold it in bits 7..46 of their first 6 bytes. That is what `sts get-access-key-info`
 * answers. Keys of 12 digits name their account (Nimbus's convention); others the default.
 */
export function accountOfAccessKey(accessKeyId: string): string {
  if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
  if (/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(accessKeyId)) {
    let bits = 0n;
    for (const ch of accessKeyId.slice(4, 14)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
    // 10 characters = 50 bits; keep the first 48 (6 bytes).
    const first6 = bits >> 2n;
    const account = (first6 & 0x7fffffffff80n) >> 7n;
    return account.toString().padStart(12, "0");
  }
  return DEFAULT_ACCOUNT_ID;
}

/** A temporary access key id (ASIA...) that encodes its account as AWS's do. */
export function newTemporaryAccessKeyId(accountId: string): string {
  const random = BigInt("0x" + randomBytes(1).toString("hex")) & 0x7fn;
  const first6 = (BigInt(accountId) << 7n) | random;
  let bits = first6 << 2n;
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = BASE32[Number(bits & 31n)] + head;
    bits >>= 5n;
  }
  const tail = Array.from(randomBytes(6), (b) => BASE32[b % 32]).join("");
  return `ASIA${head}${tail}`;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

export function newSessionToken(): string {
  return "IQoJb3JpZ2luX2VjE" + randomBytes(300).toString("base64");
}

/** A role's unique id (AROA + 17 characters), stable for the same role ARN. */
export function roleUniqueId(roleArn: string): string {
  const digest = createHash("sha256").update(roleArn).digest();
  return "AROA" + Array.from(digest.subarray(0, 17), (b) => BASE32[b % 32]).join("");
}
