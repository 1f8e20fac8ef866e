// A read-through cache of point reads (GetItem) in front of SQLite, for repeated reads of the
// same items. It is coherent by construction rather than by invalidating on each write path:
// everything it holds was read while the database stood exactly as it stands now, which the
// SQLite connection tells with two counters (DirectAccess): the statements this process ran
// that may have changed data (any write: items, tables, a reset, a rolled-back transaction) and
// PRAGMA data_version (commits by another process on the same file). When either has moved
// since the cache was filled, the whole cache is dropped before the next lookup.
//
// Reads fill it only while they hold the connection (no write can run in between: writers take
// the same lock), and only if the counters did not move during the read. Only the stored text
// and size are kept, never a decoded item, so no caller can change what another one reads.
// PostgreSQL, shared by several nodes that write without telling each other, gets no cache.
import type { DirectAccess } from "../../../storage/types.js";
import type { EncodedKey } from "./item-keys.js";

export interface CachedItem {
  readonly text: string;
  readonly size: number;
}

/** Bounds, so a large table read at random costs little memory: entries and stored bytes. */
const MAX_ENTRIES = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

export class ItemCache {
  /** By table id and encoded key; an absent item is not cached (a miss reads again). */
  private readonly entries = new Map<string, CachedItem>();
  private bytes = 0;
  private writes = -1;
  private dataVersion = -1;

  constructor(private readonly direct: DirectAccess) {}

  /** The cache key: the table id and the key's bytes, length-prefixed so no two keys share one. */
  static keyOf(tableId: number, key: EncodedKey): string {
    return `${tableId}:${key.pk.length}:${key.pk.toString("latin1")}${key.sk.toString("latin1")}`;
  }

  /**
   * The stamp of the database as it is now; the cache is emptied when the stamp differs from
   * the one its entries were read under. Call before lookup and before reading.
   */
  sync(): void {
    const writes = this.direct.writeCount();
    const dataVersion = this.direct.dataVersion();
    if (writes === this.writes && dataVersion === this.dataVersion) return;
    this.entries.clear();
    this.bytes = 0;
    this.writes = writes;
    this.dataVersion = dataVersion;
  }

  get(cacheKey: string): CachedItem | undefined {
    return this.entries.get(cacheKey);
  }

  /**
   * Keeps what a read found, if nothing changed the database since sync() (the caller holds the
   * connection between sync() and this call, so only its own statements could have).
   */
  set(cacheKey: string, item: CachedItem): void {
    if (this.direct.writeCount() !== this.writes) return;
    const size = item.text.length;
    if (size > MAX_BYTES / 16) return;
    while (this.entries.size >= MAX_ENTRIES || this.bytes + size > MAX_BYTES) this.evictOldest();
    this.entries.set(cacheKey, item);
    this.bytes += size;
  }

  private evictOldest(): void {
    const oldest = this.entries.entries().next().value;
    if (!oldest) return;
    this.entries.delete(oldest[0]);
    this.bytes -= oldest[1].text.length;
  }
}
