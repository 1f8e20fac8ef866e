// Every expression problem is a ValidationException (HTTP 400), AWS's message verbatim.

import { ServiceError } from "../../../aws/errors.js";

/** The request parameter an expression came from; it prefixes most messages ("Invalid UpdateExpression: ..."). */
export type ExpressionKind =
  | "ConditionExpression"
  | "FilterExpression"
  | "KeyConditionExpression"
  | "UpdateExpression"
  | "ProjectionExpression";

export function validationError(message: string): ServiceError {
  return new ServiceError("ValidationException", message, 400);
}

export function invalidExpression(kind: ExpressionKind, message: string): ServiceError {
  return validationError(`Invalid ${kind}: ${message}`);
}
