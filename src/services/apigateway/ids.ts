// Identifiers shaped as API Gateway shapes them: REST API, resource and API key ids are 10
// lower-case letters and digits ("a1b2c3d4e5"); deployments, authorizers, models, request
// validators and usage plans have 6 ("x1t3gv"). API key values are 40 letters and digits.
import { randomBytes } from "node:crypto";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A lower-case alphanumeric id; never all digits, so it can never be mistaken for a number. */
function lowerId(length: number): string {
  for (;;) {
    const id = randomFrom(LOWER_ALNUM, length);
    if (!/^\d+$/.test(id)) return id;
  }
}

export const newRestApiId = (): string => lowerId(10);
export const newResourceId = (): string => lowerId(10);
export const newApiKeyId = (): string => lowerId(10);
export const newShortId = (): string => lowerId(6);
/** A generated API key value: 40 characters, as the console and CreateApiKey produce. */
export const newApiKeyValue = (): string => randomFrom(MIXED_ALNUM, 40);
