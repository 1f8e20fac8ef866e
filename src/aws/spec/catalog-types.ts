// The service catalogue the edge uses to detect which service a request is for, without
// loading every model at start-up. Generated from the models into src/aws/generated/catalog.ts.
import type { ProtocolName } from "./model.js";

export interface ServiceCatalogEntry {
  /** The Nimbus service key: the folder under models/. */
  name: string;
  serviceId: string;
  apiVersion: string;
  endpointPrefix: string;
  /** The service name in SigV4 credential scopes. */
  signingName: string;
  /** Every protocol the service answers, preferred first. */
  protocols: ProtocolName[];
  /** X-Amz-Target prefix for JSON services ("DynamoDB_20120810"). */
  targetPrefix?: string;
  jsonVersion?: string;
  /** Distinct leading path segments of the operations' request URIs for REST services ("2015-03-31", "restapis"). */
  pathPrefixes?: string[];
}
