// PartiQL errors with DynamoDB's wording.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
import { ServiceError } from "../../../aws/errors.js";

/** A statement the parser cannot read: AWS prefixes every syntax problem the same way. */
export function malformed(detail: string): ServiceError {
  return new ServiceError("ValidationException", `Statement wasn't well formed, can't be processed: ${detail}`, 400);
}

export function unsupported(detail: string): ServiceError {
  return new ServiceError("ValidationException", detail, 400);
}
