// Applying an update to an item, copy-on-write: the input item is never modified, and only the
// containers along written paths are copied.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
//
// Semantics verified against DynamoDB by the Alternator suite (test_update_expression.py):
// - every SET value is computed from the item as it was before the update ("SET x = :v, y = x" fails);
// - list indexes refer to positions before the update ("REMOVE a[1] SET a[3] = :v" on [2,3,4,5,6,7]
//   gives [2,4,17,6,7]);
// - SET of an index past the end appends, several such appends in index order;
// - REMOVE of a missing attribute, map key or out-of-range index does nothing, but a path through
//   a missing or wrong-typed container is invalid (except when the item does not exist at all);
// - ADD to a missing attribute creates it; DELETE of a set's last members removes the attribute.

import { type AttributeValue, getEntry, type Item, setEntry, typeOf } from "../values/attribute-value.js";
import { binarySetHas, numberSetHas } from "../values/compare.js";
import { addNumbers, subtractNumbers } from "../values/numbers.js";
import type { DocumentPath, Operand, UpdateAst } from "./ast.js";
import { readPath } from "./document-path.js";
import { validationError } from "./errors.js";

export const UPDATE_MESSAGES = {
  missingAttribute: "The provided expression refers to an attribute that does not exist in the item",
  wrongType: "An operand in the update expression has an incorrect data type",
  invalidPath: "The document path provided in the update expression is invalid for update",
  legacyTypeMismatch: "Type mismatch for attribute to update",
} as const;

export interface ApplyUpdateOptions {
  /**
   * Whether the item existed before this update. Pass false when `item` holds only the key of
   * an item being created: AWS then ignores REMOVE of nested paths instead of refusing them.
   */
  itemExists?: boolean;
}

/** Returns the updated item; throws AWS's ValidationException when the update cannot apply. */
export function applyUpdate(update: UpdateAst, item: Item | undefined, options: ApplyUpdateOptions = {}): Item {
  const original = item ?? {};
  const itemExists = options.itemExists ?? item !== undefined;
  // Phase 1: every SET value, read from the original item.
  const setValues = update.set.map((action) => evaluateSetValue(action.value, original));
  // Phase 2: writes at pre-update positions; list removals and appends are deferred.
  const writer = new ItemWriter(original);
  update.set.forEach((action, i) => writer.set(action.path, setValues[i]!));
  for (const path of update.remove) writer.remove(path, itemExists);
  const mismatch = update.legacy ? UPDATE_MESSAGES.legacyTypeMismatch : UPDATE_MESSAGES.wrongType;
  for (const action of update.add) writer.add(action.path, action.value, mismatch, update.legacy === true);
  for (const action of update.delete) writer.deleteMembers(action.path, action.value, mismatch);
  return writer.finish();
}

function evaluateSetValue(operand: Operand, item: Item): AttributeValue {
  switch (operand.kind) {
    case "value":
      return operand.value;
    case "path": {
      const value = readPath(item, operand.path);
      if (value === undefined) throw validationError(UPDATE_MESSAGES.missingAttribute);
      return value;
    }
    case "if_not_exists":
      return readPath(item, operand.path) ?? evaluateSetValue(operand.fallback, item);
    case "list_append": {
      const left = evaluateSetValue(operand.left, item);
      if (!("L" in left)) throw validationError(UPDATE_MESSAGES.wrongType);
      const right = evaluateSetValue(operand.right, item);
      if (!("L" in right)) throw validationError(UPDATE_MESSAGES.wrongType);
      return { L: [...left.L, ...right.L] };
    }
    case "plus":
    case "minus": {
      const left = evaluateSetValue(operand.left, item);
      if (!("N" in left)) throw validationError(UPDATE_MESSAGES.wrongType);
      const right = evaluateSetValue(operand.right, item);
      if (!("N" in right)) throw validationError(UPDATE_MESSAGES.wrongType);
      return { N: operand.kind === "plus" ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
    case "size":
      // Not reachable: the update grammar has no size().
      throw validationError(UPDATE_MESSAGES.wrongType);
  }
}

/** Where a path's last element lives: an entry of a map (or the item), or an element of a list. */
type Slot =
  | { kind: "map"; record: Record<string, AttributeValue>; key: string }
  | { kind: "list"; array: AttributeValue[]; index: number };

interface ListEdits {
  removals: number[];
  appends: { index: number; value: AttributeValue }[];
}

class ItemWriter {
  private readonly result: Item;
  /** Containers (map records, list arrays) this update created, and may therefore mutate. */
  private readonly owned = new WeakSet<object>();
  private readonly listEdits = new Map<AttributeValue[], ListEdits>();

  constructor(original: Item) {
    this.result = { ...original };
    this.owned.add(this.result);
  }

  set(path: DocumentPath, value: AttributeValue): void {
    const slot = this.slotFor(path);
    if (!slot) throw validationError(UPDATE_MESSAGES.invalidPath);
    this.write(slot, value);
  }

  remove(path: DocumentPath, itemExists: boolean): void {
    const slot = this.slotFor(path);
    if (!slot) {
      if (!itemExists) return;
      throw validationError(UPDATE_MESSAGES.invalidPath);
    }
    this.erase(slot);
  }

  add(path: DocumentPath, value: AttributeValue, mismatch: string, legacy: boolean): void {
    const slot = this.slotFor(path);
    if (!slot) throw validationError(UPDATE_MESSAGES.invalidPath);
    const existing = this.read(slot);
    if (existing === undefined) {
      this.write(slot, value);
      return;
    }
    const type = typeOf(value);
    if (typeOf(existing) !== type) throw validationError(mismatch);
    if ("N" in value) {
      this.write(slot, { N: addNumbers((existing as { N: string }).N, value.N) });
    } else if ("L" in value && legacy) {
      this.write(slot, { L: [...(existing as { L: AttributeValue[] }).L, ...value.L] });
    } else {
      this.write(slot, setUnion(existing, value));
    }
  }

  deleteMembers(path: DocumentPath, value: AttributeValue, mismatch: string): void {
    const slot = this.slotFor(path);
    if (!slot) throw validationError(UPDATE_MESSAGES.invalidPath);
    const existing = this.read(slot);
    if (existing === undefined) return;
    if (typeOf(existing) !== typeOf(value)) throw validationError(mismatch);
    const remaining = setDifference(existing, value);
    if (remaining === undefined) this.erase(slot);
    else this.write(slot, remaining);
  }

  finish(): Item {
    for (const [array, edits] of this.listEdits) {
      // Removals first, highest index first, so every index still means its original position.
      const removals = [...new Set(edits.removals)].sort((a, b) => b - a);
      for (const index of removals) array.splice(index, 1);
      edits.appends.sort((a, b) => a.index - b.index);
      for (const append of edits.appends) array.push(append.value);
    }
    return this.result;
  }

  private read(slot: Slot): AttributeValue | undefined {
    return slot.kind === "map" ? getEntry(slot.record, slot.key) : slot.array[slot.index];
  }

  private write(slot: Slot, value: AttributeValue): void {
    if (slot.kind === "map") {
      setEntry(slot.record, slot.key, value);
    } else if (slot.index < slot.array.length) {
      slot.array[slot.index] = value;
    } else {
      this.editsFor(slot.array).appends.push({ index: slot.index, value });
    }
  }

  private erase(slot: Slot): void {
    if (slot.kind === "map") {
      if (Object.hasOwn(slot.record, slot.key)) delete slot.record[slot.key];
    } else if (slot.index < slot.array.length) {
      this.editsFor(slot.array).removals.push(slot.index);
    }
  }

  private editsFor(array: AttributeValue[]): ListEdits {
    let edits = this.listEdits.get(array);
    if (!edits) {
      edits = { removals: [], appends: [] };
      this.listEdits.set(array, edits);
    }
    return edits;
  }

  /**
   * The slot a path's last element occupies, copying every container on the way that this
   * update does not own yet. Undefined when a container on the way is missing or of the wrong kind.
   */
  private slotFor(path: DocumentPath): Slot | undefined {
    // The container holding `key`; always one this update owns.
    let record: Record<string, AttributeValue> | undefined = this.result;
    let array: AttributeValue[] | undefined;
    let key: PathStep = path[0]!;
    for (let i = 1; i < path.length; i++) {
      const child: AttributeValue | undefined = record ? getEntry(record, key as string) : array![key as number];
      const next = path[i]!;
      if (child === undefined) return undefined;
      let copy: AttributeValue;
      if (typeof next === "number") {
        if (!("L" in child)) return undefined;
        copy = this.owned.has(child.L) ? child : this.own({ L: [...child.L] });
      } else {
        if (!("M" in child)) return undefined;
        copy = this.owned.has(child.M) ? child : this.own({ M: { ...child.M } });
      }
      if (copy !== child) {
        if (record) setEntry(record, key as string, copy);
        else array![key as number] = copy;
      }
      if ("L" in copy) {
        record = undefined;
        array = copy.L;
      } else {
        array = undefined;
        record = (copy as { M: Record<string, AttributeValue> }).M;
      }
      key = next;
    }
    if (record) return typeof key === "string" ? { kind: "map", record, key } : undefined;
    return typeof key === "number" ? { kind: "list", array: array!, index: key } : undefined;
  }

  private own(value: AttributeValue): AttributeValue {
    this.owned.add("L" in value ? value.L : (value as { M: object }).M);
    return value;
  }
}

type PathStep = string | number;

function setUnion(existing: AttributeValue, added: AttributeValue): AttributeValue {
  if ("SS" in existing && "SS" in added) {
    const members = new Set(existing.SS);
    return { SS: [...existing.SS, ...added.SS.filter((m) => !members.has(m))] };
  }
  if ("NS" in existing && "NS" in added) {
    const result = [...existing.NS];
    for (const member of added.NS) if (!numberSetHas(result, member)) result.push(member);
    return { NS: result };
  }
  if ("BS" in existing && "BS" in added) {
    const result = [...existing.BS];
    for (const member of added.BS) if (!binarySetHas(result, member)) result.push(member);
    return { BS: result };
  }
  throw validationError(UPDATE_MESSAGES.wrongType);
}

/** The set without the removed members, or undefined when nothing is left (empty sets are never stored). */
function setDifference(existing: AttributeValue, removed: AttributeValue): AttributeValue | undefined {
  let result: AttributeValue;
  if ("SS" in existing && "SS" in removed) {
    const gone = new Set(removed.SS);
    result = { SS: existing.SS.filter((m) => !gone.has(m)) };
  } else if ("NS" in existing && "NS" in removed) {
    result = { NS: existing.NS.filter((m) => !numberSetHas(removed.NS, m)) };
  } else if ("BS" in existing && "BS" in removed) {
    result = { BS: existing.BS.filter((m) => !binarySetHas(removed.BS, m)) };
  } else {
    throw validationError(UPDATE_MESSAGES.wrongType);
  }
  const remaining = "SS" in result ? result.SS : "NS" in result ? result.NS : (result as { BS: Buffer[] }).BS;
  return remaining.length === 0 ? undefined : result;
}

/**
 * AWS refuses updates to key attributes before reading the item:
 * "One or more parameter values were invalid: Cannot update attribute p. This attribute is part of the key".
 */
export function assertKeyAttributesNotUpdated(update: UpdateAst, keyAttributeNames: readonly string[]): void {
  const targets = [
    ...update.set.map((a) => a.path),
    ...update.remove,
    ...update.add.map((a) => a.path),
    ...update.delete.map((a) => a.path),
  ];
  for (const path of targets) {
    const name = path[0] as string;
    if (keyAttributeNames.includes(name)) {
      throw validationError(
        `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
      );
    }
  }
}
