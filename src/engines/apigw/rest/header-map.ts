// Headers of a response or an outgoing request: case-preserving names (API Gateway answers "x-amzn-RequestId",
// "tesT-Multi" exactly as set), case-insensitive replacement, several values per name.
export class HeaderMap {
  private readonly byLower = new Map<string, { name: string; values: string[] }>();

  set(name: string, value: string | readonly string[]): void {
    this.byLower.set(name.toLowerCase(), { name, values: typeof value === "string" ? [value] : [...value] });
  }

  /** Adds a value after those already set, keeping the first name's casing. */
  append(name: string, value: string): void {
    const entry = this.byLower.get(name.toLowerCase());
    if (entry) entry.values.push(value);
    else this.byLower.set(name.toLowerCase(), { name, values: [value] });
  }

  get(name: string): string | undefined {
    const values = this.byLower.get(name.toLowerCase())?.values;
    return values && values.length > 0 ? values.join(", ") : undefined;
  }

  has(name: string): boolean {
    return this.byLower.has(name.toLowerCase());
  }

  delete(name: string): string[] | undefined {
    const lower = name.toLowerCase();
    const entry = this.byLower.get(lower);
    this.byLower.delete(lower);
    return entry?.values;
  }

  entries(): IterableIterator<{ name: string; values: string[] }> {
    return this.byLower.values();
  }

  /** For node:http: several values of one header are written as one comma-joined line, as AWS answers them. */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { name, values } of this.byLower.values()) out[name] = values.join(", ");
    return out;
  }
}
