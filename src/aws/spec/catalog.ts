// Indexes the generated service catalogue for the look-ups service detection makes on every
// request: by X-Amz-Target prefix, SigV4 signing name, query API version and REST path prefix.
import type { ServiceCatalogEntry } from "./catalog-types.js";

export class ServiceCatalog {
  private readonly byName = new Map<string, ServiceCatalogEntry>();
  private readonly byTarget = new Map<string, ServiceCatalogEntry>();
  private readonly bySigning = new Map<string, ServiceCatalogEntry[]>();
  private readonly byQueryVersion = new Map<string, ServiceCatalogEntry[]>();
  private readonly byPathPrefix = new Map<string, ServiceCatalogEntry[]>();
  private readonly byEndpointPrefix = new Map<string, ServiceCatalogEntry>();

  constructor(readonly entries: readonly ServiceCatalogEntry[]) {
    for (const e of entries) {
      this.byName.set(e.name, e);
      if (e.targetPrefix) this.byTarget.set(e.targetPrefix, e);
      push(this.bySigning, e.signingName, e);
      if (e.protocols.includes("query")) push(this.byQueryVersion, e.apiVersion, e);
      for (const p of e.pathPrefixes ?? []) push(this.byPathPrefix, p, e);
      if (!this.byEndpointPrefix.has(e.endpointPrefix)) this.byEndpointPrefix.set(e.endpointPrefix, e);
    }
  }

  get(name: string): ServiceCatalogEntry | undefined {
    return this.byName.get(name);
  }

  forTargetPrefix(prefix: string): ServiceCatalogEntry | undefined {
    return this.byTarget.get(prefix);
  }

  forSigningName(name: string): readonly ServiceCatalogEntry[] {
    return this.bySigning.get(name) ?? [];
  }

  forQueryVersion(version: string): readonly ServiceCatalogEntry[] {
    return this.byQueryVersion.get(version) ?? [];
  }

  forPathPrefix(segment: string): readonly ServiceCatalogEntry[] {
    return this.byPathPrefix.get(segment) ?? [];
  }

  forEndpointPrefix(prefix: string): ServiceCatalogEntry | undefined {
    return this.byEndpointPrefix.get(prefix);
  }

  /** Services that answer the query protocol (for requests naming only an Action). */
  queryServices(): ServiceCatalogEntry[] {
    return this.entries.filter((e) => e.protocols.includes("query"));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
