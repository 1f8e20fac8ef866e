// Stage 3: which AWS service the request is for (see ../detect-service.ts for the rules).
// A malformed SigV4 header does not stop detection: its error is raised by authenticate,
// once the protocol is known, so the client gets it in the protocol it speaks.
import { ServiceError } from "../../aws/errors.js";
import { parseSigV4 } from "../../aws/sigv4/index.js";
import { loadServiceSpec } from "../../aws/spec/loader.js";
import { detectService as detect } from "../detect-service.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function detectService(ex: Exchange, env: EdgeEnv): void {
  try {
    ex.sigv4 = parseSigV4(ex.http);
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    ex.authError = err;
  }
  const service = detect(ex.http, ex.sigv4, env.catalog);
  if (!service) {
    throw new ServiceError(
      "UnknownServiceException",
      "Nimbus could not tell which AWS service this request is for: it carries no X-Amz-Target header, SigV4 credential scope, known path or Action parameter.",
      400,
    );
  }
  ex.service = service;
  ex.spec = loadServiceSpec(service.name);
}
