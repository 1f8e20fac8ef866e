// Errors are data: providers and pipeline stages throw ServiceError (or a generated subclass)
// and only the protocol serializers turn them into bytes, in the protocol the client used.
// Common codes follow https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
// and the JSON protocols' own (SerializationException, UnknownOperationException).

export interface ServiceErrorOptions {
  /** Extra modelled members of the error shape (e.g. DynamoDB's CancellationReasons). */
  fields?: Record<string, unknown>;
  /** Extra HTTP headers (e.g. Retry-After). */
  headers?: Record<string, string>;
  /** Whether the client caused it ("Sender") or AWS did ("Receiver"), as query errors report. */
  sender?: boolean;
}

export class ServiceError extends Error {
  readonly fields: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly sender: boolean;

  constructor(
    /** The error code: the modelled error shape name, or a common code such as ValidationException. */
    readonly code: string,
    message: string,
    /** The HTTP status; the serializer uses the model's httpStatusCode when this is left undefined. */
    readonly status?: number,
    options: ServiceErrorOptions = {},
  ) {
    super(message);
    this.name = code;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
    this.sender = options.sender ?? (status === undefined || status < 500);
  }
}

/** An operation or feature Nimbus does not implement yet: never a fake success. */
export class NotImplementedError extends ServiceError {
  constructor(service: string, operation: string, detail?: string) {
    super(
      "NotImplemented",
      detail ?? `The ${operation} operation of ${service} is not implemented in Nimbus yet.`,
      501,
      { sender: false },
    );
  }
}

export const errors = {
  internalFailure: (message = "An internal error occurred.") =>
    new ServiceError("InternalFailure", message, 500, { sender: false }),
  unknownOperation: (message = "") => new ServiceError("UnknownOperationException", message, 400),
  serialization: (message: string) => new ServiceError("SerializationException", message, 400),
  validation: (message: string) => new ServiceError("ValidationException", message, 400),
  invalidAction: (action: string) =>
    new ServiceError("InvalidAction", `The action ${action} is not valid for this web service.`, 400),
  missingAction: () => new ServiceError("MissingAction", "Missing Action", 400),
  missingAuthenticationToken: () =>
    new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
  requestEntityTooLarge: (message = "Request must be smaller than the maximum allowed size.") =>
    new ServiceError("RequestEntityTooLargeException", message, 413),
} as const;
