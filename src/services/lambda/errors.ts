// Lambda's errors, worded as AWS words them (recorded AWS responses in
// /work/shared/conformance/localstack/tests/aws/services/lambda_/*.snapshot.json).
// Lambda's own errors carry "Type": "User" (caller's fault) or "Service".
import { ServiceError } from "../../aws/errors.js";
import {
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
  type ThrottleReason,
} from "../../aws/generated/lambda.js";

export const USER = { Type: "User" } as const;

export const invalidParameter = (message: string): ServiceError => new InvalidParameterValueException(message, USER);

export const notFound = (message: string): ServiceError => new ResourceNotFoundException(message, USER);

export const functionNotFound = (arn: string): ServiceError => notFound(`Function not found: ${arn}`);

export const conflict = (message: string): ServiceError => new ResourceConflictException(message, USER);

/** AWS's answer while an earlier update still settles (LastUpdateStatus InProgress). */
export const updateInProgress = (functionArn: string): ServiceError =>
  conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${functionArn}`);

/** RevisionId mismatch on a function, alias or policy ("GetFunction/GetAlias", "GetPolicy", ...). */
export const revisionMismatch = (apis: string): ServiceError =>
  new PreconditionFailedException(
    `The Revision Id provided does not match the latest Revision Id. Call the ${apis} API to retrieve the latest Revision Id`,
    USER,
  );

/** Throttled invocations: 429 "Rate Exceeded." with the reason AWS gives. */
export const throttled = (reason: ThrottleReason): ServiceError =>
  new TooManyRequestsException("Rate Exceeded.", { Reason: reason, Type: "User" });

/** A model-constraint style message that Lambda reports as InvalidParameterValueException. */
export const invalidParameterConstraint = (value: string, path: string, constraint: string): ServiceError =>
  invalidParameter(`1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: ${constraint}`);

/** Coral-style ValidationException (what the model validation would say), for checks the model cannot express. */
export const validationError = (violations: string[]): ServiceError =>
  new ServiceError(
    "ValidationException",
    `${violations.length} validation error${violations.length === 1 ? "" : "s"} detected: ${violations.join("; ")}`,
    400,
  );
