// A new REST API's attributes and definition, with AWS's defaults and its validation of the
// CreateRestApi fields (shared by CreateRestApi, ImportRestApi and PutRestApi).
// Messages recorded in test_apigateway_api.snapshot.json (TestApiGatewayApiRestApi).
import type { EndpointConfiguration } from "../../aws/generated/apigateway.js";
import { badRequest } from "./errors.js";
import { newResourceId, newShortId } from "./ids.js";
import type { ApiDefinition, ModelRecord } from "./records.js";

export const MAX_COMPRESSION_SIZE = 10_485_760;

export function checkDescription(description: string | undefined): void {
  if (description === "") throw badRequest("Description cannot be an empty string");
}

export function checkCompressionSize(size: number | undefined): void {
  if (size !== undefined && (!Number.isInteger(size) || size < 0 || size > MAX_COMPRESSION_SIZE)) {
    throw badRequest(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION_SIZE}`);
  }
}

/**
 * The endpoint configuration AWS stores: one type (EDGE when none is given), and an IP address
 * type defaulting to ipv4, or dualstack for PRIVATE APIs, which accept nothing else.
 */
export function resolveEndpointConfiguration(input: EndpointConfiguration | undefined): EndpointConfiguration {
  const types = input?.types ?? ["EDGE"];
  if (types.length === 0) throw badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
  if (types.length > 1) throw badRequest("Cannot create an api with multiple Endpoint Types.");
  const type = types[0]!;
  const ipAddressType = input?.ipAddressType ?? (type === "PRIVATE" ? "dualstack" : "ipv4");
  checkIpAddressType(type, ipAddressType);
  const out: EndpointConfiguration = { types: [type], ipAddressType };
  if (input?.vpcEndpointIds && input.vpcEndpointIds.length > 0) out.vpcEndpointIds = [...input.vpcEndpointIds];
  return out;
}

export function checkIpAddressType(type: string, ipAddressType: string): void {
  if (ipAddressType !== "ipv4" && ipAddressType !== "dualstack") throw badRequest("ipAddressType must be either ipv4 or dualstack.");
  if (type === "PRIVATE" && ipAddressType !== "dualstack") throw badRequest("Only dualstack ipAddressType is supported for Private APIs.");
}

export const ENDPOINT_TYPES = ["REGIONAL", "EDGE", "PRIVATE"] as const;

/**
 * The two models every API created with CreateRestApi starts with. Their schemas are the text
 * AWS returns (GetModels on a new API).
 */
export function defaultModels(): ModelRecord[] {
  return [
    {
      id: newShortId(),
      name: "Empty",
      description: "This is a default empty schema model",
      contentType: "application/json",
      schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
    },
    {
      id: newShortId(),
      name: "Error",
      description: "This is a default error schema model",
      contentType: "application/json",
      schema:
        '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    },
  ];
}

/** A definition holding only the root resource "/". */
export function emptyDefinition(models: ModelRecord[] = []): ApiDefinition {
  return {
    resources: [{ id: newResourceId(), methods: {} }],
    models,
    requestValidators: [],
    authorizers: [],
    gatewayResponses: [],
    documentationParts: [],
  };
}
