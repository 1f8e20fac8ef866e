// The wire protocols, by the name service models give them (metadata.protocol/protocols).
import type { ProtocolName } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import type { HttpRequest } from "../http.js";
import { AwsJsonProtocol } from "./aws-json.js";
import { QueryProtocol } from "./query.js";
import { RestJsonProtocol } from "./rest-json.js";
import { RestXmlProtocol } from "./rest-xml.js";
import type { Protocol } from "./types.js";

export type { Protocol, SerializeContext } from "./types.js";

/** The protocols Nimbus speaks ("ec2" and smithy-rpc-v2-cbor are not among them). */
export const SUPPORTED_PROTOCOLS: readonly ProtocolName[] = ["json", "rest-json", "query", "rest-xml"];

/** A fresh set of protocol instances; each keeps only memos derived from immutable specs. */
export function createProtocols(): ReadonlyMap<ProtocolName, Protocol> {
  return new Map<ProtocolName, Protocol>([
    ["json", new AwsJsonProtocol()],
    ["rest-json", new RestJsonProtocol()],
    ["query", new QueryProtocol()],
    ["rest-xml", new RestXmlProtocol()],
  ]);
}

const shared = createProtocols();

export function getProtocol(name: ProtocolName): Protocol {
  const protocol = shared.get(name);
  if (!protocol) throw new Error(`protocol ${name} is not supported`);
  return protocol;
}

export function isSupportedProtocol(name: string): name is ProtocolName {
  return shared.has(name as ProtocolName);
}

/**
 * The protocol a request to `spec` is in: the only one the service speaks, else the first
 * whose `matches()` accepts it (SQS: X-Amz-Target means JSON, an Action field means query),
 * else the service's preferred protocol so its errors come out in the expected shape.
 */
export function detectProtocol(spec: ServiceSpec, req: HttpRequest): Protocol {
  const names = spec.protocols.filter(isSupportedProtocol);
  if (names.length === 0) throw new Error(`${spec.name} speaks no protocol Nimbus supports (${spec.protocols.join(", ")})`);
  if (names.length > 1) {
    for (const name of names) {
      const protocol = getProtocol(name);
      if (protocol.matches(req)) return protocol;
    }
  }
  return getProtocol(names[0]!);
}
