// What a provider knows about the call it is answering.
import type { HttpRequest } from "./http.js";
import type { ProtocolName } from "./spec/model.js";

export interface Caller {
  accountId: string;
  accessKeyId: string;
  /** The ARN GetCallerIdentity reports: a root user, an IAM user or an assumed-role session. */
  arn: string;
  userId: string;
  sessionToken?: string;
}

export interface RequestContext {
  requestId: string;
  /** The Nimbus service key (models/<service>). */
  service: string;
  operation: string;
  protocol: ProtocolName;
  accountId: string;
  region: string;
  caller: Caller;
  /** Milliseconds since the epoch when the request arrived (from the injected clock). */
  receivedAt: number;
  /** The base URL the client used to reach Nimbus, e.g. http://localhost:4566. */
  endpoint: string;
  http: HttpRequest;
  /**
   * true when the output goes to the protocol's serializer (a request over HTTP, or an in-process
   * call in wire form), so a provider may return RawJson values (../aws/protocol/raw-json.ts);
   * unset when an in-process caller takes the output as objects.
   */
  serializedOutput?: boolean;
}
