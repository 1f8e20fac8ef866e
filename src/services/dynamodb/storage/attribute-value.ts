// The storage engine's view of DynamoDB values: the shared value types (values/) plus the key
// attribute types. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
export type { AttributeType, AttributeValue, Item } from "../values/attribute-value.js";
export { typeOf } from "../values/attribute-value.js";

/** The scalar types a key attribute may have (AttributeDefinitions.AttributeType). */
export type KeyType = "S" | "N" | "B";
