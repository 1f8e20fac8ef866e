// Owns the providers: creates each one on its service's first request (so start-up stays
// fast), runs its lifecycle hooks, and reports each service's state for /_nimbus/health.
import type { LazyServiceDefinition, Provider, ServiceDefinition, ServiceDeps } from "./types.js";

export type ServiceState = "available" | "starting" | "running" | "error";

interface Entry {
  lazy: LazyServiceDefinition;
  /** Set once the provider module has loaded. */
  definition?: ServiceDefinition;
  provider?: Provider;
  starting?: Promise<Provider>;
  state: ServiceState;
}

export class ServiceManager {
  private readonly entries = new Map<string, Entry>();

  constructor(definitions: readonly LazyServiceDefinition[], private readonly deps: ServiceDeps) {
    for (const lazy of definitions) this.entries.set(lazy.name, { lazy, state: "available" });
  }

  has(service: string): boolean {
    return this.entries.has(service);
  }

  /** The definition of a service whose provider has been loaded (by get()). */
  definition(service: string): ServiceDefinition | undefined {
    return this.entries.get(service)?.definition;
  }

  /** The provider of a service if it has started (no promise round trip on the hot path). */
  started(service: string): Provider | undefined {
    return this.entries.get(service)?.provider;
  }

  /** The started provider of a service, creating and starting it on first use. */
  async get(service: string): Promise<Provider | undefined> {
    const entry = this.entries.get(service);
    if (!entry) return undefined;
    if (entry.provider) return entry.provider;
    entry.starting ??= this.start(entry);
    return entry.starting;
  }

  private async start(entry: Entry): Promise<Provider> {
    entry.state = "starting";
    try {
      entry.definition ??= await entry.lazy.load();
      const provider = entry.definition.create({ ...this.deps, services: this });
      await provider.start?.();
      entry.provider = provider;
      entry.state = "running";
      return provider;
    } catch (err) {
      entry.state = "error";
      entry.starting = undefined;
      throw err;
    }
  }

  states(): Record<string, ServiceState> {
    const out: Record<string, ServiceState> = {};
    for (const [name, entry] of this.entries) out[name] = entry.state;
    return out;
  }

  /** Wipes the state of one service or of all; a service never started is started first so its stored data goes too. */
  async reset(service?: string): Promise<string[]> {
    const names = service ? [service] : [...this.entries.keys()];
    for (const name of names) {
      const provider = await this.get(name);
      await provider?.reset?.();
    }
    return names;
  }

  async stop(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.provider) await entry.provider.stop?.();
      entry.provider = undefined;
      entry.starting = undefined;
      entry.state = "available";
    }
  }
}
