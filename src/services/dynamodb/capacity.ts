// ReturnConsumedCapacity: what a request consumed, per table and (INDEXES) per index.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
//   reads: 4 KB units, half for eventually consistent reads, double in transactions;
//   writes: 1 KB units of the larger of the old and new item, double in transactions; each
//   secondary index an item enters, leaves or changes in costs a write of the projected item
//   (an index key change costs a delete and a put).
// TOTAL reports {TableName, CapacityUnits}; INDEXES adds Table and GlobalSecondaryIndexes /
// LocalSecondaryIndexes, each {CapacityUnits}; transactions also report Read/WriteCapacityUnits.
import type { Capacity, ConsumedCapacity } from "../../aws/generated/dynamodb.js";
import type { Item } from "./values/attribute-value.js";
import { indexKeyOfItem, projectItem, sameKey } from "./storage/item-keys.js";
import { itemSize, readCapacityUnits, writeCapacityUnits, writeCapacityUnitsForChange } from "./storage/item-size.js";
import type { IndexLayout, TableLayout } from "./storage/table-layout.js";

export type CapacityMode = "INDEXES" | "TOTAL" | "NONE";

interface TableUsage {
  table: number;
  read: number;
  write: number;
  gsi: Map<string, number>;
  lsi: Map<string, number>;
}

/** Accumulates consumed capacity over one request, possibly over several tables. */
export class CapacityMeter {
  private readonly usage = new Map<string, TableUsage>();

  constructor(
    readonly mode: CapacityMode | undefined,
    /** Transactions report ReadCapacityUnits / WriteCapacityUnits as well. */
    private readonly detailed = false,
  ) {}

  get enabled(): boolean {
    return this.mode === "INDEXES" || this.mode === "TOTAL";
  }

  private of(tableName: string): TableUsage {
    let usage = this.usage.get(tableName);
    if (!usage) {
      usage = { table: 0, read: 0, write: 0, gsi: new Map(), lsi: new Map() };
      this.usage.set(tableName, usage);
    }
    return usage;
  }

  /** Registers a table with nothing consumed (a BatchGetItem table with no items found still reports). */
  touch(tableName: string): void {
    this.of(tableName);
  }

  addTableRead(tableName: string, units: number): void {
    const usage = this.of(tableName);
    usage.table += units;
    usage.read += units;
  }

  addIndexRead(tableName: string, index: Pick<IndexLayout, "name" | "kind">, units: number): void {
    const usage = this.of(tableName);
    const map = index.kind === "GSI" ? usage.gsi : usage.lsi;
    map.set(index.name, (map.get(index.name) ?? 0) + units);
    usage.read += units;
  }

  addWrite(tableName: string, cost: WriteCost): void {
    const usage = this.of(tableName);
    usage.table += cost.table;
    usage.write += cost.table;
    for (const [index, units] of cost.indexes) {
      const map = index.kind === "GSI" ? usage.gsi : usage.lsi;
      map.set(index.name, (map.get(index.name) ?? 0) + units);
      usage.write += units;
    }
  }

  private render(tableName: string, usage: TableUsage): ConsumedCapacity {
    let total = usage.table;
    for (const units of usage.gsi.values()) total += units;
    for (const units of usage.lsi.values()) total += units;
    const out: ConsumedCapacity = { TableName: tableName, CapacityUnits: total };
    if (this.detailed) {
      if (usage.read > 0) out.ReadCapacityUnits = usage.read;
      if (usage.write > 0) out.WriteCapacityUnits = usage.write;
    }
    if (this.mode === "INDEXES") {
      out.Table = { CapacityUnits: usage.table };
      if (this.detailed) {
        if (usage.read > 0) out.Table.ReadCapacityUnits = usage.table;
        else if (usage.write > 0) out.Table.WriteCapacityUnits = usage.table;
      }
      if (usage.gsi.size > 0) out.GlobalSecondaryIndexes = capacityMap(usage.gsi);
      if (usage.lsi.size > 0) out.LocalSecondaryIndexes = capacityMap(usage.lsi);
    }
    return out;
  }

  /** The ConsumedCapacity of a single-table request. */
  single(tableName: string): ConsumedCapacity | undefined {
    if (!this.enabled) return undefined;
    return this.render(tableName, this.of(tableName));
  }

  /** The ConsumedCapacity list of a multi-table request (batches, transactions), in first-use order. */
  list(): ConsumedCapacity[] | undefined {
    if (!this.enabled) return undefined;
    return [...this.usage].map(([name, usage]) => this.render(name, usage));
  }
}

function capacityMap(units: Map<string, number>): Record<string, Capacity> {
  const out: Record<string, Capacity> = {};
  for (const [name, value] of units) out[name] = { CapacityUnits: value };
  return out;
}

export interface WriteCost {
  table: number;
  indexes: [Pick<IndexLayout, "name" | "kind">, number][];
}

/**
 * What writing `after` over `before` costs: the table write plus one write per index entry put
 * or deleted. A delete of nothing still costs one table unit (AWS charges for the attempt).
 */
export function writeCost(table: TableLayout, before: Item | undefined, after: Item | undefined, options: { transactional?: boolean; oldSize?: number; newSize?: number } = {}): WriteCost {
  const transactional = options.transactional === true;
  const oldSize = before ? (options.oldSize ?? itemSize(before)) : undefined;
  const newSize = after ? (options.newSize ?? itemSize(after)) : undefined;
  const cost: WriteCost = { table: writeCapacityUnitsForChange(oldSize, newSize, { transactional }), indexes: [] };
  for (const index of table.indexes) {
    const oldKey = before ? indexKeyOfItem(index, before, true) : undefined;
    const newKey = after ? indexKeyOfItem(index, after, true) : undefined;
    if (!oldKey && !newKey) continue;
    let units = 0;
    const projectedOld = oldKey ? itemSize(projectItem(index, before!)) : 0;
    const projectedNew = newKey ? itemSize(projectItem(index, after!)) : 0;
    if (oldKey && newKey && sameKey(oldKey, newKey)) {
      if (projectionChanged(index, before!, after!)) units = writeCapacityUnits(Math.max(projectedOld, projectedNew), { transactional });
      else continue;
    } else {
      if (oldKey) units += writeCapacityUnits(projectedOld, { transactional });
      if (newKey) units += writeCapacityUnits(projectedNew, { transactional });
    }
    cost.indexes.push([index, units]);
  }
  return cost;
}

function projectionChanged(index: IndexLayout, before: Item, after: Item): boolean {
  const names = index.projection === "ALL" ? new Set([...Object.keys(before), ...Object.keys(after)]) : index.projectedAttributes;
  for (const name of names) {
    const a = before[name];
    const b = after[name];
    if (a === b) continue;
    if (a === undefined || b === undefined || JSON.stringify(a) !== JSON.stringify(b)) return true;
  }
  return false;
}

/** Read units for `bytes` read in one request. */
export function readCost(bytes: number, consistent: boolean, transactional = false): number {
  return readCapacityUnits(bytes, { consistent, transactional });
}
