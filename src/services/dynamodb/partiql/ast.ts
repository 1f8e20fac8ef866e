// The statements of DynamoDB's PartiQL dialect, as parsed (before parameters are bound).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html

/** A document path: a.b[2]."c d" is ["a", "b", 2, "c d"]. */
export type PathExpr = (string | number)[];

export type ValueExpr =
  | { kind: "string"; value: string }
  | { kind: "number"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "missing" }
  | { kind: "parameter"; index: number }
  | { kind: "list"; elements: ValueExpr[] }
  | { kind: "map"; entries: [string, ValueExpr][] }
  | { kind: "set"; elements: ValueExpr[] }
  | { kind: "path"; path: PathExpr }
  | { kind: "size"; operand: ValueExpr }
  /** Arithmetic and functions in UPDATE ... SET. */
  | { kind: "plus" | "minus"; left: ValueExpr; right: ValueExpr }
  | { kind: "call"; name: string; args: ValueExpr[] };

export type Comparison = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type ConditionExpr =
  | { kind: "compare"; op: Comparison; left: ValueExpr; right: ValueExpr }
  | { kind: "between"; operand: ValueExpr; low: ValueExpr; high: ValueExpr }
  | { kind: "in"; operand: ValueExpr; list: ValueExpr[] }
  | { kind: "and" | "or"; left: ConditionExpr; right: ConditionExpr }
  | { kind: "not"; operand: ConditionExpr }
  | { kind: "is"; operand: ValueExpr; test: "MISSING" | "NULL"; negated: boolean }
  | { kind: "function"; name: "begins_with" | "contains" | "attribute_type"; args: ValueExpr[] };

export interface TableTarget {
  table: string;
  index?: string;
}

export type Returning = "ALL_OLD" | "ALL_NEW" | "MODIFIED_OLD" | "MODIFIED_NEW";

export type Statement =
  | {
      kind: "select";
      projection: "*" | PathExpr[];
      from: TableTarget;
      where?: ConditionExpr;
      orderBy?: { path: PathExpr; descending: boolean };
    }
  | { kind: "insert"; into: TableTarget; value: ValueExpr }
  | {
      kind: "update";
      target: TableTarget;
      set: { path: PathExpr; value: ValueExpr }[];
      remove: PathExpr[];
      where?: ConditionExpr;
      returning?: Returning;
    }
  | { kind: "delete"; from: TableTarget; where?: ConditionExpr; returning?: Returning };
