// The decimal anatomy of a DynamoDB number string: sign, significant digits and exponent.
// Both the order-preserving key encoding and the item-size rules need exactly this (leading and
// trailing zeros trimmed, as https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
// describes). Arithmetic lives elsewhere (../values); this module only takes numbers apart.
import { ServiceError } from "../../../aws/errors.js";

export interface DecimalParts {
  negative: boolean;
  /** Significant digits without leading or trailing zeros; "" for zero. */
  digits: string;
  /** Scientific exponent: the value is d1.d2d3... x 10^exponent (0 for zero). */
  exponent: number;
}

// Digits with an optional fraction and exponent, as Java's BigDecimal (which DynamoDB uses) reads them.
const NUMBER_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** DynamoDB's limits: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number */
export const MAX_SIGNIFICANT_DIGITS = 38;
export const MAX_EXPONENT = 125;
export const MIN_EXPONENT = -130;

const notANumber = () => new ServiceError("ValidationException", "A value provided cannot be converted into a number", 400);

/** Takes a number string apart; throws DynamoDB's ValidationException when it is not a number. */
export function parseDecimal(text: string): DecimalParts {
  const match = NUMBER_PATTERN.exec(text);
  if (!match) throw notANumber();
  const intPart = match[2] ?? "";
  const fracPart = match[3] ?? "";
  if (intPart.length === 0 && fracPart.length === 0) throw notANumber();
  const all = intPart + fracPart;
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 48) first++;
  if (first === all.length) return { negative: false, digits: "", exponent: 0 };
  let last = all.length - 1;
  while (all.charCodeAt(last) === 48) last--;
  // An absurd exponent ("1e99999999999") parses to a huge number and fails the range check.
  const exp = match[4] === undefined ? 0 : Number(match[4]);
  return {
    negative: match[1] === "-",
    digits: all.slice(first, last + 1),
    exponent: intPart.length - 1 - first + exp,
  };
}

/**
 * Parses and checks a number against DynamoDB's precision and range, with its exact messages
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-data-types-numbers).
 */
export function parseDynamoNumber(text: string): DecimalParts {
  const parts = parseDecimal(text);
  if (parts.digits.length > MAX_SIGNIFICANT_DIGITS) {
    throw new ServiceError("ValidationException", "Attempting to store more than 38 significant digits in a Number", 400);
  }
  if (parts.digits.length > 0 && parts.exponent > MAX_EXPONENT) {
    throw new ServiceError(
      "ValidationException",
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
      400,
    );
  }
  if (parts.digits.length > 0 && parts.exponent < MIN_EXPONENT) {
    throw new ServiceError(
      "ValidationException",
      "Number underflow. Attempting to store a number with magnitude smaller than supported range",
      400,
    );
  }
  return parts;
}

/** The plain (non-exponent) decimal string of parts, e.g. {digits:"15", exponent:-2} -> "0.015". */
export function formatDecimal(parts: DecimalParts): string {
  const { digits, exponent } = parts;
  if (digits.length === 0) return "0";
  let body: string;
  if (exponent < 0) {
    body = "0." + "0".repeat(-exponent - 1) + digits;
  } else if (exponent + 1 >= digits.length) {
    body = digits + "0".repeat(exponent + 1 - digits.length);
  } else {
    body = digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
  }
  return parts.negative ? "-" + body : body;
}

/** Numeric comparison of two parsed numbers: negative, zero or positive like a comparator. */
export function compareDecimal(a: DecimalParts, b: DecimalParts): number {
  const signA = a.digits.length === 0 ? 0 : a.negative ? -1 : 1;
  const signB = b.digits.length === 0 ? 0 : b.negative ? -1 : 1;
  if (signA !== signB) return signA - signB;
  if (signA === 0) return 0;
  let magnitude: number;
  if (a.exponent !== b.exponent) magnitude = a.exponent - b.exponent;
  else magnitude = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return signA * Math.sign(magnitude);
}
