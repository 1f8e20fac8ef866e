// Custom domain names: a request whose Host is a domain name created with CreateDomainName is
// routed by the domain's base path mappings (longest base path first; "(none)" maps the whole
// domain). A mapping without a stage takes the stage from the next path segment.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html
import type { HttpRequest } from "../../../aws/http.js";
import type { ControlPlaneCache } from "./control-plane-cache.js";
import { eventPath, hostName, splitStage, type InvokeTarget } from "./invoke-url.js";

const NO_BASE_PATH = "(none)";

/** Hosts that are never custom domains: Nimbus's own names, IP literals, AWS endpoints. */
export function cannotBeCustomDomain(host: string): boolean {
  if (host === "" || host === "localhost" || host.endsWith(".localhost")) return true;
  if (/^[\d.]+$/.test(host) || host.startsWith("[")) return true;
  return host.endsWith(".amazonaws.com") || !host.includes(".");
}

export async function resolveCustomDomain(req: HttpRequest, cache: ControlPlaneCache): Promise<InvokeTarget | undefined> {
  const host = hostName(req);
  const owner = (await cache.domainNames()).get(host);
  if (!owner) return undefined;
  const mappings = await cache.domainMappings(owner, host);
  const path = req.path;
  for (const mapping of mappings) {
    let rest: string;
    if (mapping.basePath === NO_BASE_PATH || mapping.basePath === "") {
      rest = path;
    } else {
      const prefix = `/${mapping.basePath}`;
      if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
      rest = path.slice(prefix.length);
    }
    let stageName = mapping.stage;
    if (!stageName) {
      const split = splitStage(rest);
      if (!split) continue;
      stageName = split.stage;
      rest = split.rest;
    }
    return {
      apiId: mapping.restApiId,
      stageName,
      rest,
      contextPath: path,
      eventPath: eventPath(path),
      domainName: host,
      domainPrefix: host.split(".")[0]!,
      viaExecuteApi: false,
    };
  }
  return undefined;
}
