// Signature problems as ServiceErrors, worded per dialect (render-aws.ts, render-s3.ts).
import { ServiceError } from "../errors.js";
import type { ProtocolName } from "../spec/model.js";
import type { RenderedSigV4Error, SigV4Problem } from "./problems.js";
import { renderAws } from "./render-aws.js";
import { renderS3 } from "./render-s3.js";
import type { SigV4Dialect } from "./types.js";

export function renderSigV4Problem(problem: SigV4Problem, dialect: SigV4Dialect): RenderedSigV4Error {
  return dialect === "s3" ? renderS3(problem) : renderAws(dialect, problem);
}

/**
 * A signature problem rendered in one dialect. It stays a plain ServiceError for serializers;
 * `as(dialect)` re-renders it for a caller that learns the service only after parsing failed.
 */
export class SigV4Error extends ServiceError {
  readonly problem: SigV4Problem;
  readonly dialect: SigV4Dialect;

  constructor(problem: SigV4Problem, dialect: SigV4Dialect = "query") {
    const rendered = renderSigV4Problem(problem, dialect);
    super(rendered.code, rendered.message, rendered.status, { fields: rendered.fields });
    this.problem = problem;
    this.dialect = dialect;
  }

  as(dialect: SigV4Dialect): SigV4Error {
    return dialect === this.dialect ? this : new SigV4Error(this.problem, dialect);
  }
}

/** The dialect of a service, from its model's protocol and signing name. */
export function sigV4DialectFor(protocol: ProtocolName, signingName: string): SigV4Dialect {
  if (signingName === "s3" || signingName.startsWith("s3-") || signingName === "s3express") return "s3";
  return protocol === "json" || protocol === "rest-json" ? "json" : "query";
}
