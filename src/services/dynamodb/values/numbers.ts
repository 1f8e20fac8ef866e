// DynamoDB numbers: up to 38 significant decimal digits, magnitude 1E-130 to
// 9.9999999999999999999999999999999999999E+125 (positive or negative), or zero.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
//
// Validation and canonical formatting are done by a hand-written scanner (no regex, no Decimal
// allocation) because every N in every request passes through here. Only + and - use decimal.js.
// AWS returns numbers in plain notation without redundant zeros: "1.0" -> "1", "-0" -> "0", "1e2" -> "100".

import { Decimal } from "decimal.js";
import { ServiceError } from "../../../aws/errors.js";

export const MAX_SIGNIFICANT_DIGITS = 38;
export const MAX_EXPONENT = 125;
export const MIN_EXPONENT = -130;

export const NUMBER_MESSAGES = {
  notNumeric: "The parameter cannot be converted to a numeric value",
  overflow: "Number overflow. Attempting to store a number with magnitude larger than supported range",
  underflow: "Number underflow. Attempting to store a number with magnitude smaller than supported range",
  precision: "Attempting to store more than 38 significant digits in a Number",
} as const;

/** A number split into sign, significant digits (no leading/trailing zeros) and scientific exponent. */
export interface ScannedNumber {
  negative: boolean;
  /** Significant digits, "" for zero. */
  digits: string;
  /** Exponent of the first digit: value = 0.d1d2... * 10^(exponent+1) = d1.d2... * 10^exponent. */
  exponent: number;
}

const ZERO: ScannedNumber = { negative: false, digits: "", exponent: 0 };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Scans a DynamoDB number string: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits].
 * Returns undefined when the text is not a number (spaces, NaN, Infinity, hex are all rejected, as AWS does).
 */
export function scanNumber(text: string): ScannedNumber | undefined {
  const length = text.length;
  let i = 0;
  let negative = false;
  if (i < length && (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 43)) {
    negative = text.charCodeAt(i) === 45;
    i++;
  }
  // Mantissa: remember where the significant digits start and end and where the point is.
  let mantissaDigits = 0;
  let firstNonZero = -1; // index in text
  let lastNonZero = -1;
  let pointIndex = -1;
  let integerDigitsFromFirstNonZero = 0; // digits before the point, counted from the first non-zero
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      mantissaDigits++;
      if (code !== 48) {
        if (firstNonZero < 0) firstNonZero = i;
        lastNonZero = i;
      }
      if (pointIndex < 0 && firstNonZero >= 0) integerDigitsFromFirstNonZero++;
    } else if (code === 46 && pointIndex < 0) {
      pointIndex = i;
    } else {
      break;
    }
  }
  if (mantissaDigits === 0) return undefined;
  let exponentValue = 0;
  if (i < length) {
    const code = text.charCodeAt(i);
    if (code !== 101 && code !== 69) return undefined;
    i++;
    let exponentNegative = false;
    if (i < length && (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 43)) {
      exponentNegative = text.charCodeAt(i) === 45;
      i++;
    }
    const exponentStart = i;
    for (; i < length; i++) {
      const digit = text.charCodeAt(i);
      if (!isDigit(digit)) return undefined;
      // Saturate: anything past 1e9 is far outside the supported range either way.
      if (exponentValue < 1e9) exponentValue = exponentValue * 10 + (digit - 48);
    }
    if (i === exponentStart) return undefined;
    if (exponentNegative) exponentValue = -exponentValue;
  }
  if (firstNonZero < 0) return ZERO;
  let digits = "";
  for (let j = firstNonZero; j <= lastNonZero; j++) {
    const code = text.charCodeAt(j);
    if (code !== 46) digits += text[j];
  }
  // Position of the first significant digit relative to the decimal point.
  let exponent: number;
  if (pointIndex < 0 || pointIndex > firstNonZero) {
    exponent = integerDigitsFromFirstNonZero - 1;
  } else {
    exponent = -(firstNonZero - pointIndex);
  }
  return { negative, digits, exponent: exponent + exponentValue };
}

/** Why a scanned number cannot be stored, or undefined when it fits. */
function rangeProblem(scanned: ScannedNumber, arithmetic: boolean): string | undefined {
  if (scanned.digits.length === 0) return undefined;
  if (scanned.digits.length > MAX_SIGNIFICANT_DIGITS) {
    // AWS reports an inexact sum or difference as an overflow, not as a precision error
    // (observed against DynamoDB: 1e50 + 1 fails with "Number overflow ...").
    return arithmetic ? NUMBER_MESSAGES.overflow : NUMBER_MESSAGES.precision;
  }
  if (scanned.exponent > MAX_EXPONENT) return NUMBER_MESSAGES.overflow;
  if (scanned.exponent < MIN_EXPONENT) return NUMBER_MESSAGES.underflow;
  return undefined;
}

/** Plain (non-exponent) canonical text of a scanned number. */
export function formatScanned(scanned: ScannedNumber): string {
  const { digits, exponent } = scanned;
  if (digits.length === 0) return "0";
  let body: string;
  if (exponent >= digits.length - 1) {
    body = digits + "0".repeat(exponent - digits.length + 1);
  } else if (exponent >= 0) {
    body = digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
  } else {
    body = "0." + "0".repeat(-exponent - 1) + digits;
  }
  return scanned.negative ? "-" + body : body;
}

/** The AWS message for a number string that cannot be stored, or undefined when it is valid. */
export function numberProblem(text: string): string | undefined {
  if (text.length === 0) return NUMBER_MESSAGES.notNumeric;
  const scanned = scanNumber(text);
  if (!scanned) return `${NUMBER_MESSAGES.notNumeric}: ${text}`;
  return rangeProblem(scanned, false);
}

/** Validates and canonicalises a number string; throws AWS's ValidationException when invalid. */
export function normalizeNumber(text: string): string {
  if (text.length === 0) throw new ServiceError("ValidationException", NUMBER_MESSAGES.notNumeric, 400);
  const scanned = scanNumber(text);
  if (!scanned) throw new ServiceError("ValidationException", `${NUMBER_MESSAGES.notNumeric}: ${text}`, 400);
  const problem = rangeProblem(scanned, false);
  if (problem) throw new ServiceError("ValidationException", problem, 400);
  return formatScanned(scanned);
}

function scanOrThrow(text: string): ScannedNumber {
  const scanned = scanNumber(text);
  if (!scanned) throw new ServiceError("ValidationException", `${NUMBER_MESSAGES.notNumeric}: ${text}`, 400);
  return scanned;
}

/** Numeric comparison of two number strings: negative, zero or positive. */
export function compareNumbers(left: string, right: string): number {
  if (left === right) return 0;
  const a = scanOrThrow(left);
  const b = scanOrThrow(right);
  return compareScanned(a, b);
}

function compareScanned(a: ScannedNumber, b: ScannedNumber): number {
  const signA = a.digits.length === 0 ? 0 : a.negative ? -1 : 1;
  const signB = b.digits.length === 0 ? 0 : b.negative ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  let magnitude: number;
  if (a.exponent !== b.exponent) {
    magnitude = a.exponent < b.exponent ? -1 : 1;
  } else {
    // Same exponent: compare digit strings as if right-padded with zeros.
    magnitude = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  }
  return signA < 0 ? -magnitude : magnitude;
}

/** Numeric equality of two number strings ("1" equals "1.0"). */
export function numbersEqual(left: string, right: string): boolean {
  return compareNumbers(left, right) === 0;
}

// Operands are at most 38 digits with exponents in [-130, 125], so an exact sum needs at most
// 125 + 130 + 2 digits; 300 digits of precision keeps every + and - exact before range checks.
const ExactDecimal = Decimal.clone({ precision: 300, toExpNeg: -9e15, toExpPos: 9e15 });

function arithmeticResult(result: Decimal): string {
  const scanned = scanNumber(result.toFixed());
  if (!scanned) throw new Error(`decimal.js produced an unparsable number: ${result.toFixed()}`);
  const problem = rangeProblem(scanned, true);
  if (problem) throw new ServiceError("ValidationException", problem, 400);
  return formatScanned(scanned);
}

/** left + right, exact, with AWS's range errors. Operands must be valid DynamoDB numbers. */
export function addNumbers(left: string, right: string): string {
  return arithmeticResult(new ExactDecimal(normalizeNumber(left)).plus(normalizeNumber(right)));
}

/** left - right, exact, with AWS's range errors. Operands must be valid DynamoDB numbers. */
export function subtractNumbers(left: string, right: string): string {
  return arithmeticResult(new ExactDecimal(normalizeNumber(left)).minus(normalizeNumber(right)));
}
