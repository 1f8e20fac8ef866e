// AWS_IAM authorization: the request must be SigV4-signed for execute-api; the caller's
// identity lands in $context.identity (accessKey, accountId, caller, user, userArn).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
// As at the edge, dev auth mode accepts any well-formed signature (the access key names the
// account) and strict mode verifies it against the caller's secret key. Nimbus has no IAM policy
// engine yet, so an authenticated caller is allowed (execute-api:Invoke is not evaluated).
import { callerFromIssued, rootCaller, STATIC_CREDENTIALS, type CredentialSource } from "../../../../aws/identity/credentials.js";
import { parseSigV4, SigV4Error, verifySigV4, type SigningKeyCache } from "../../../../aws/sigv4/index.js";
import type { Clock } from "../../../../shared/clock.js";
import { GatewayError, gatewayErrors } from "../gateway-error.js";
import type { Invocation } from "../invocation.js";

export interface IamAuthDeps {
  credentials: CredentialSource;
  strict: boolean;
  signingKeys?: SigningKeyCache;
  clock: Clock;
}

function signatureError(err: SigV4Error): GatewayError {
  const expired = err.problem.kind === "expired";
  return new GatewayError(expired ? "EXPIRED_TOKEN" : "INVALID_SIGNATURE", err.message, 403, `SigV4: ${err.code}`);
}

export async function iamAuthorize(inv: Invocation, deps: IamAuthDeps): Promise<void> {
  let sig;
  try {
    sig = parseSigV4(inv.request);
  } catch (err) {
    if (err instanceof SigV4Error) throw signatureError(err.as("json"));
    throw err;
  }
  if (!sig) throw gatewayErrors.missingAuthToken();
  const options = { dialect: "json" as const, expectedService: "execute-api", ...(deps.signingKeys ? { keyCache: deps.signingKeys } : {}) };
  const issued = await deps.credentials.lookup(sig.scope.accessKeyId);
  if (issued?.expiresAt !== undefined && issued.expiresAt <= deps.clock.now()) {
    throw new GatewayError("EXPIRED_TOKEN", "The security token included in the request is expired", 403);
  }
  if (deps.strict) {
    const secret = issued?.secretAccessKey ?? STATIC_CREDENTIALS.find((c) => c.accessKeyId === sig.scope.accessKeyId)?.secretAccessKey;
    if (secret === undefined) throw new GatewayError("INVALID_SIGNATURE", "The security token included in the request is invalid.", 403);
    try {
      verifySigV4(inv.request, sig, secret, deps.clock.now(), options);
    } catch (err) {
      if (err instanceof SigV4Error) throw signatureError(err);
      throw err;
    }
  }
  const caller = issued ? callerFromIssued(issued) : rootCaller(sig.scope.accessKeyId);
  const identity = inv.identity;
  identity.accessKey = caller.accessKeyId;
  identity.accountId = caller.accountId;
  identity.caller = caller.userId;
  identity.user = caller.userId;
  identity.userArn = caller.arn;
}
