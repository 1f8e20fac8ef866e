// Extracting and encoding the keys of items: the table's primary key and each secondary index's
// key, with DynamoDB's validation messages (recorded from AWS in dynalite's test suite and in
// public bug reports quoting AWS, e.g. architect/dynalite#184):
//   items:   "Missing the key X in the item", "Type mismatch for key X expected: S actual: N"
//   keys:    "The provided key element does not match the schema"
//   empty:   "... cannot contain an empty string value. Key: X"
//   indexes: "Type mismatch for Index Key X Expected: S Actual: N IndexName: I" and the empty-value
//            message naming IndexName and IndexKey; an item lacking an index key attribute is
//            simply not in that index (sparse indexes).
//   sizes:   partition keys up to 2048 bytes, sort keys up to 1024
//            (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys).
import { ServiceError } from "../../../aws/errors.js";
import { type AttributeValue, type Item, typeOf } from "./attribute-value.js";
import { encodeKeyValue, partitionHash } from "./key-encoding.js";
import type { IndexLayout, KeyAttribute, KeyLayout } from "./table-layout.js";

/** A key in storage form: order-preserving bytes and the partition hash. */
export interface EncodedKey {
  hash: number;
  pk: Buffer;
  /** Empty when the key schema has no sort key. */
  sk: Buffer;
}

const EMPTY = Buffer.alloc(0);
const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;

const invalid = (message: string) => new ServiceError("ValidationException", message, 400);
export const keyDoesNotMatchSchema = () => invalid("The provided key element does not match the schema");

function isEmptyScalar(value: AttributeValue): "string" | "binary" | undefined {
  if ("S" in value && value.S.length === 0) return "string";
  if ("B" in value && value.B.length === 0) return "binary";
  return undefined;
}

function checkTableKeySize(bytes: Buffer, attribute: KeyAttribute, isPartition: boolean): void {
  if (attribute.type === "N") return;
  if (isPartition && bytes.length > MAX_PARTITION_KEY_BYTES) {
    // AWS's message really lacks the space before 2048.
    throw invalid("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (!isPartition && bytes.length > MAX_SORT_KEY_BYTES) {
    throw invalid("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

function encodeTableKeyAttribute(
  attribute: KeyAttribute,
  value: AttributeValue | undefined,
  isPartition: boolean,
  fromItem: boolean,
): Buffer {
  if (value === undefined) {
    throw fromItem ? invalid(`One or more parameter values were invalid: Missing the key ${attribute.name} in the item`) : keyDoesNotMatchSchema();
  }
  const bytes = encodeKeyValue(attribute.type, value);
  if (bytes === undefined) {
    throw fromItem
      ? invalid(
          `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(value)}`,
        )
      : keyDoesNotMatchSchema();
  }
  const empty = isEmptyScalar(value);
  if (empty) {
    throw invalid(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${empty} value. Key: ${attribute.name}`,
    );
  }
  checkTableKeySize(bytes, attribute, isPartition);
  return bytes;
}

/** The primary key of an item being written (PutItem and friends). */
export function tableKeyOfItem(key: KeyLayout, item: Item): EncodedKey {
  const pk = encodeTableKeyAttribute(key.partition, item[key.partition.name], true, true);
  const sk = key.sort ? encodeTableKeyAttribute(key.sort, item[key.sort.name], false, true) : EMPTY;
  return { hash: partitionHash(pk), pk, sk };
}

/** The primary key named by a Key parameter: exactly the key attributes, of the right types. */
export function tableKeyOfKey(key: KeyLayout, given: Item): EncodedKey {
  let count = 0;
  for (const _ in given) count++;
  if (count !== (key.sort ? 2 : 1)) throw keyDoesNotMatchSchema();
  const pk = encodeTableKeyAttribute(key.partition, given[key.partition.name], true, false);
  const sk = key.sort ? encodeTableKeyAttribute(key.sort, given[key.sort.name], false, false) : EMPTY;
  return { hash: partitionHash(pk), pk, sk };
}

function encodeIndexKeyAttribute(index: IndexLayout, attribute: KeyAttribute, value: AttributeValue, isPartition: boolean): Buffer {
  const bytes = encodeKeyValue(attribute.type, value);
  if (bytes === undefined) {
    throw invalid(
      `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${typeOf(value)} IndexName: ${index.name}`,
    );
  }
  const empty = isEmptyScalar(value);
  if (empty) {
    throw invalid(
      `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${empty} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
    );
  }
  const max = isPartition ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
  if (attribute.type !== "N" && bytes.length > max) {
    throw invalid(
      `One or more parameter values were invalid: Size limit exceeded for Index Key ${attribute.name} Actual Size: ${bytes.length} bytes Max Size: ${max} bytes IndexName: ${index.name}`,
    );
  }
  return bytes;
}

/**
 * The item's key in a secondary index, or undefined when the item lacks an index key attribute
 * (it is then not in the index). Throws for present attributes of the wrong type or empty;
 * `lenient` treats those as "not in the index" instead (for items stored before the index existed,
 * which DynamoDB's backfill likewise leaves out).
 */
export function indexKeyOfItem(index: IndexLayout, item: Item, lenient = false): EncodedKey | undefined {
  const { partition, sort } = index.key;
  const partitionValue = item[partition.name];
  const sortValue = sort ? item[sort.name] : undefined;
  try {
    // Validate every present attribute first: a wrong type is an error even when the item is
    // sparse for this index because the other attribute is missing.
    const pk = partitionValue === undefined ? undefined : encodeIndexKeyAttribute(index, partition, partitionValue, true);
    const sk = sort && sortValue !== undefined ? encodeIndexKeyAttribute(index, sort, sortValue, false) : undefined;
    if (pk === undefined || (sort && sk === undefined)) return undefined;
    return { hash: partitionHash(pk), pk, sk: sk ?? EMPTY };
  } catch (error) {
    if (lenient && error instanceof ServiceError) return undefined;
    throw error;
  }
}

/** The attributes of item that index projects (for KEYS_ONLY and INCLUDE projections). */
export function projectItem(index: IndexLayout, item: Item): Item {
  if (index.projection === "ALL") return item;
  const projected: Item = {};
  for (const name of index.projectedAttributes) {
    const value = item[name];
    if (value !== undefined) projected[name] = value;
  }
  return projected;
}

/** The key attributes of item under a key layout (for LastEvaluatedKey and stream Keys). */
export function pickKey(key: KeyLayout, item: Item, into: Item = {}): Item {
  into[key.partition.name] = item[key.partition.name]!;
  if (key.sort) into[key.sort.name] = item[key.sort.name]!;
  return into;
}

export function sameKey(a: EncodedKey, b: EncodedKey): boolean {
  return a.hash === b.hash && a.pk.equals(b.pk) && a.sk.equals(b.sk);
}
