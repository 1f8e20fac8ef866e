// Stage 5: who is calling, from which account and region.
// Dev mode (default) accepts any well-formed SigV4 credentials and unsigned requests;
// strict mode (--auth strict) verifies every signature against the caller's secret key.
// Errors follow https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html;
// JSON services word them as *Exception, query and REST-XML services without the suffix.
import { ServiceError } from "../../aws/errors.js";
import { callerFromIssued, type IssuedCredential, rootCaller, STATIC_CREDENTIALS } from "../../aws/identity/credentials.js";
import { preverifySigV4, SigV4Error, sigV4DialectFor, type SigV4Request, type SigV4VerifyOptions, verifySigV4 } from "../../aws/sigv4/index.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function authenticate(ex: Exchange, env: EdgeEnv): void | Promise<void> {
  const dialect = sigV4DialectFor(ex.protocol!.name, ex.spec!.signingName);
  if (ex.authError) throw ex.authError instanceof SigV4Error ? ex.authError.as(dialect) : ex.authError;
  const json = dialect === "json";
  const sig = ex.sigv4;
  if (!sig) {
    if (env.config.auth === "strict") {
      throw json
        ? new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403)
        : new ServiceError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    }
    ex.caller = rootCaller("");
    ex.region = env.config.defaultRegion;
    return;
  }
  const verifyOptions = { dialect, keyCache: env.signingKeys };
  if (env.config.auth === "strict") preverifySigV4(ex.http, sig, env.clock.now(), verifyOptions);
  // Most keys need no look-up: the request is then authenticated without awaiting anything.
  const pending = env.credentials.lookup(sig.scope.accessKeyId);
  if (pending === undefined) return identify(ex, env, sig, undefined, verifyOptions);
  return pending.then((issued) => identify(ex, env, sig, issued, verifyOptions));
}

/** The caller behind the key (issued or by rule), after the expiry check and, in strict mode, the signature. */
function identify(ex: Exchange, env: EdgeEnv, sig: SigV4Request, issued: IssuedCredential | undefined, verifyOptions: SigV4VerifyOptions): void {
  const json = verifyOptions.dialect === "json";
  if (issued?.expiresAt !== undefined && issued.expiresAt <= env.clock.now()) {
    throw json
      ? new ServiceError("ExpiredTokenException", "The security token included in the request is expired", 403)
      : new ServiceError("ExpiredToken", "The security token included in the request is expired", 403);
  }
  if (env.config.auth === "strict") {
    const secret = issued?.secretAccessKey ?? STATIC_CREDENTIALS.find((c) => c.accessKeyId === sig.scope.accessKeyId)?.secretAccessKey;
    if (secret === undefined) {
      throw json
        ? new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.", 403)
        : new ServiceError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    }
    verifySigV4(ex.http, sig, secret, env.clock.now(), verifyOptions);
  }
  ex.caller = issued ? callerFromIssued(issued) : rootCaller(sig.scope.accessKeyId);
  ex.region = sig.scope.region;
}
