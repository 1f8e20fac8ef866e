// DynamoDB's common errors with AWS's wording (recorded in LocalStack's AWS snapshots and
// dynalite's test suite). Every one is HTTP 400 with the modelled error code.
import { ServiceError } from "../../aws/errors.js";
import {
  ConditionalCheckFailedException,
  ResourceInUseException,
  ResourceNotFoundException,
} from "../../aws/generated/dynamodb.js";
import type { Item } from "./values/attribute-value.js";

export const validation = (message: string): ServiceError => new ServiceError("ValidationException", message, 400);

/** "One or more parameter values were invalid: ..." is how AWS prefixes most semantic problems. */
export const invalidParameter = (detail: string): ServiceError => validation(`One or more parameter values were invalid: ${detail}`);

/** Data-plane operations on a missing (or not yet ACTIVE) table. */
export const resourceNotFound = (): ServiceError => new ResourceNotFoundException("Requested resource not found");

/** Control-plane operations name the table. */
export const tableNotFound = (name: string): ServiceError =>
  new ResourceNotFoundException(`Requested resource not found: Table: ${name} not found`);

export const tableInUse = (name: string, status: string): ServiceError =>
  new ResourceInUseException(`Attempt to change a resource which is still in use: Table is being ${status.toLowerCase()}: ${name}`);

export const conditionalCheckFailed = (item?: Item): ServiceError =>
  new ConditionalCheckFailedException("The conditional request failed", item ? { Item: item } : {});

export const isConditionalCheckFailed = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ServiceError && error.code === "ConditionalCheckFailedException";
