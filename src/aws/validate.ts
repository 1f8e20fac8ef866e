// Validates an operation's parsed input against the model's constraints (required members,
// enums, min/max for lengths and values, patterns) and reports every violation in one
// ValidationException, worded as AWS's request validation (Coral) words it, e.g.
//   2 validation errors detected: Value null at 'tableName' failed to satisfy constraint:
//   Member must not be null; Value 'x' at 'keySchema.1.member.attributeName' failed to ...
// Member paths use the member name with its first letter lower-cased, list elements
// ".<1-based index>.member", map entries ".<key>.member" for values; sensitive values are
// never echoed ("Value at 'password' failed to ..."). Types are the parser's job.
import { ServiceError } from "./errors.js";
import type { Shape, ShapeRef, StructureShape } from "./spec/model.js";
import type { ServiceSpec } from "./spec/service-spec.js";

export interface ValidationOptions {
  /** The error code the service uses (ValidationException; ValidationError for query services). */
  code: string;
  /** AWS stops listing violations after this many. */
  maxErrors?: number;
  /**
   * Opt-in: report violations inside lists and maps of simple values as Coral does, once for the
   * whole collection with every constraint of its members, e.g.
   *   Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy
   *   constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]
   *   Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint:
   *   Map value must satisfy constraint: [Member must have value less than or equal to 1.0, ...]
   * (recorded AWS responses in ../shared/conformance). Without it, each element is reported at
   * its own path ("architectures.1.member").
   */
  /**
   * Violations the caller found itself, already worded ("Value '...' at '...' failed to satisfy
   * constraint: ..."), reported first in the same error (a service checking a member the model
   * cannot express, e.g. Lambda's runtime lists).
   */
  extraViolations?: readonly string[];
  coralCollections?: {
    /** List member shapes whose constraint list ends with "Member must not be null" (it varies by service model). */
    notNullListMembers?: ReadonlySet<string>;
  };
}

interface Violation {
  path: string;
  value: unknown;
  /** The value as Coral prints it, when that differs from renderValue's (maps of doubles, say). */
  rendered?: string;
  sensitive: boolean;
  constraint: string;
}

export function validateInput(spec: ServiceSpec, shape: StructureShape, input: Record<string, unknown>, options: ValidationOptions): void {
  const violations: Violation[] = [];
  checkStructure(spec, shape, input, "", violations, options.coralCollections);
  const described = [...(options.extraViolations ?? []), ...violations.map(describe)];
  if (described.length === 0) return;
  const shown = described.slice(0, options.maxErrors ?? 10);
  const count = described.length;
  const head = `${count} validation error${count === 1 ? "" : "s"} detected: `;
  throw new ServiceError(options.code, head + shown.join("; "), 400);
}

/** One constraint violation: the member path (e.g. "keySchema.1.member.keyType") and its sentence. */
export interface ConstraintViolation {
  path: string;
  message: string;
}

/**
 * The violations validateInput would report, without throwing, for services that merge them
 * with checks of their own (DynamoDB words some members differently from its model).
 */
export function collectViolations(spec: ServiceSpec, shape: StructureShape, input: Record<string, unknown>): ConstraintViolation[] {
  const violations: Violation[] = [];
  checkStructure(spec, shape, input, "", violations);
  return violations.map((v) => ({ path: v.path, message: describe(v) }));
}

/** "N validation error(s) detected: a; b" with at most maxErrors sentences listed, as Coral words it. */
export function formatViolations(messages: readonly string[], maxErrors = 10): string {
  const count = messages.length;
  const head = `${count} validation error${count === 1 ? "" : "s"} detected: `;
  return head + messages.slice(0, maxErrors).join("; ");
}

/** How Coral shows a rejected value in a violation sentence ("null", "'abc'", "'[a, b]'"). */
export function renderViolationValue(value: unknown): string {
  return renderValue(value);
}

function describe(v: Violation): string {
  const value = v.sensitive ? "Value" : `Value ${v.rendered ?? renderValue(v.value)}`;
  return `${value} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
}

function renderValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")}]'`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Buffer.isBuffer(value)) return `'java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]'`;
  if (typeof value === "object") return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const join = (parent: string, child: string) => (parent ? `${parent}.${child}` : child);

type Coral = ValidationOptions["coralCollections"];

interface MemberPlan {
  name: string;
  /** The member's name in violation paths (first letter lower-cased). */
  pathName: string;
  ref: ShapeRef;
  shape: Shape;
  required: boolean;
  /** No value of this member can break a constraint: the walk skips it (see unconstrained()). */
  free: boolean;
}

/**
 * Each structure's members, resolved once per (spec, shape): every request walks these (an item's
 * every attribute value is a 10-member union), so the walk must not allocate or resolve per
 * member. Cached on the spec so two specs never share a plan.
 */
const plans = new WeakMap<ServiceSpec, WeakMap<StructureShape, readonly MemberPlan[]>>();

function planOf(spec: ServiceSpec, shape: StructureShape): readonly MemberPlan[] {
  let bySpec = plans.get(spec);
  if (!bySpec) plans.set(spec, (bySpec = new WeakMap()));
  let plan = bySpec.get(shape);
  if (!plan) {
    const required = shape.required ?? [];
    plan = Object.entries(shape.members).map(([name, ref]) => ({
      name,
      pathName: lowerFirst(name),
      ref,
      shape: spec.resolve(ref),
      required: required.includes(name),
      free: unconstrained(spec, spec.resolve(ref)),
    }));
    bySpec.set(shape, plan);
  }
  return plan;
}

/**
 * Whether no value of a shape can break a constraint: neither the shape nor any shape reachable
 * from it declares a required member, a length or value bound, an enum or a pattern. Such values
 * are not walked at all (a DynamoDB item's every attribute value holds an unconstrained S, N or
 * B; the walk otherwise built a path and made a call for each). Reachability, not a recursive
 * "all members free", so that recursive shapes (AttributeValue's M and L) come out right.
 */
const freeShapes = new WeakMap<ServiceSpec, WeakMap<Shape, boolean>>();

function unconstrained(spec: ServiceSpec, shape: Shape): boolean {
  let bySpec = freeShapes.get(spec);
  if (!bySpec) freeShapes.set(spec, (bySpec = new WeakMap()));
  let free = bySpec.get(shape);
  if (free === undefined) {
    free = true;
    const seen = new Set<Shape>([shape]);
    const pending: Shape[] = [shape];
    while (free && pending.length > 0) {
      const s = pending.pop()!;
      if (hasOwnConstraint(s)) free = false;
      for (const ref of childRefs(s)) {
        const child = spec.resolve(ref);
        if (!seen.has(child)) {
          seen.add(child);
          pending.push(child);
        }
      }
    }
    bySpec.set(shape, free);
  }
  return free;
}

/** The constraints checkValue and checkStructure read from a shape itself. */
function hasOwnConstraint(shape: Shape): boolean {
  const s = shape as { type: string; min?: number; max?: number; pattern?: string; enum?: readonly string[]; required?: readonly string[] };
  if (s.type === "structure") return (s.required?.length ?? 0) > 0;
  return s.min !== undefined || s.max !== undefined || s.pattern !== undefined || s.enum !== undefined;
}

function childRefs(shape: Shape): ShapeRef[] {
  switch (shape.type) {
    case "structure":
      return Object.values(shape.members);
    case "list":
      return [shape.member];
    case "map":
      return [shape.key, shape.value];
    default:
      return [];
  }
}

/**
 * Plan entries by member name, for structures without required members (see checkStructure);
 * null when a member name is also a property every object inherits ("constructor"), which the
 * full walk would read from the prototype.
 */
const plansByName = new WeakMap<readonly MemberPlan[], Map<string, MemberPlan> | null>();

function planByName(plan: readonly MemberPlan[]): Map<string, MemberPlan> | null {
  let byName = plansByName.get(plan);
  if (byName === undefined) {
    byName = plan.some((m) => m.name in Object.prototype) ? null : new Map(plan.map((m) => [m.name, m]));
    plansByName.set(plan, byName);
  }
  return byName;
}

function checkStructure(spec: ServiceSpec, shape: StructureShape, value: Record<string, unknown>, path: string, out: Violation[], coral?: Coral): void {
  const plan = planOf(spec, shape);
  const byName = shape.required === undefined || shape.required.length === 0 ? planByName(plan) : null;
  if (byName !== null) {
    // Nothing is reported for an absent member, so a value with one member (a union such as
    // DynamoDB's AttributeValue: one of ten members set) needs only that member checked.
    const keys = Object.keys(value);
    if (keys.length === 0) return;
    if (keys.length === 1) {
      const member = byName.get(keys[0]!);
      const memberValue = member === undefined ? undefined : value[member.name];
      if (member === undefined || member.free || memberValue === undefined || memberValue === null) return;
      checkValue(spec, member.ref, member.shape, memberValue, join(path, member.pathName), out, coral);
      return;
    }
  }
  for (const member of plan) {
    // Members bound to the URI are validated too: AWS reports e.g. 'functionName'.
    const memberValue = value[member.name];
    if (memberValue === undefined || memberValue === null) {
      if (member.required) out.push({ path: join(path, member.pathName), value: null, sensitive: false, constraint: "Member must not be null" });
      continue;
    }
    if (member.free) continue;
    checkValue(spec, member.ref, member.shape, memberValue, join(path, member.pathName), out, coral);
  }
}

function checkValue(spec: ServiceSpec, ref: ShapeRef, shape: Shape, value: unknown, path: string, out: Violation[], coral?: Coral): void {
  const sensitive = shape.sensitive === true;
  switch (shape.type) {
    case "structure":
      if (typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date)) {
        checkStructure(spec, shape, value as Record<string, unknown>, path, out, coral);
      }
      return;
    case "list": {
      if (!Array.isArray(value)) return;
      checkLength(shape, value.length, out, path, value, sensitive);
      const memberShape = spec.resolve(shape.member);
      if (coral && isSimple(memberShape)) {
        if (value.some((item) => item !== undefined && item !== null && violates(spec, shape.member, memberShape, item))) {
          const constraints = simpleConstraints(memberShape);
          if (coral.notNullListMembers?.has(shape.member.shape)) constraints.push("Member must not be null");
          out.push({ path, value, sensitive, constraint: `Member must satisfy constraint: [${constraints.join(", ")}]` });
        }
        return;
      }
      if (unconstrained(spec, memberShape)) return;
      value.forEach((item, i) => {
        if (item !== undefined && item !== null) checkValue(spec, shape.member, memberShape, item, `${path}.${i + 1}.member`, out, coral);
      });
      return;
    }
    case "map": {
      if (typeof value !== "object" || value === null) return;
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map);
      checkLength(shape, keys.length, out, path, value, sensitive);
      const keyShape = spec.resolve(shape.key);
      const valueShape = spec.resolve(shape.value);
      if (coral && isSimple(valueShape)) {
        const entries = Object.entries(map);
        // Coral prints the map as Java does: {key=value, ...}.
        const print = (v: unknown) => (typeof v === "number" && (valueShape.type === "double" || valueShape.type === "float") ? javaDouble(v) : String(v));
        const rendered = `'{${entries.map(([k, v]) => `${k}=${print(v)}`).join(", ")}}'`;
        const sensitive = shape.sensitive === true || keyShape.sensitive === true || valueShape.sensitive === true;
        if (entries.some(([k]) => violates(spec, shape.key, keyShape, k))) {
          out.push({ path, value, rendered, sensitive, constraint: `Map keys must satisfy constraint: [${simpleConstraints(keyShape).join(", ")}]` });
        }
        if (entries.some(([, v]) => v !== undefined && v !== null && violates(spec, shape.value, valueShape, v))) {
          const constraints = [...simpleConstraints(valueShape), "Member must not be null"];
          out.push({ path, value, rendered, sensitive, constraint: `Map value must satisfy constraint: [${constraints.join(", ")}]` });
        }
        return;
      }
      const keysFree = unconstrained(spec, keyShape);
      const valuesFree = unconstrained(spec, valueShape);
      if (keysFree && valuesFree) return;
      for (const k of keys) {
        const v = map[k];
        if (!keysFree && !passesStringBounds(keyShape, k)) checkValue(spec, shape.key, keyShape, k, `${path}.${k}.key`, out, coral);
        if (!valuesFree && v !== undefined && v !== null) checkValue(spec, shape.value, valueShape, v, `${path}.${k}.member`, out, coral);
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") return;
      // Counting code points walks the whole string: a string has between length/2 and length
      // code points, so count only when that range straddles a declared bound.
      if ((shape.min !== undefined && value.length < 2 * shape.min) || (shape.max !== undefined && value.length > shape.max)) {
        checkLength(shape, codePointLength(value), out, path, value, sensitive);
      }
      if (shape.enum && !shape.enum.includes(value)) out.push({ path, value, sensitive, constraint: `Member must satisfy enum value set: [${shape.enum.join(", ")}]` });
      if (shape.pattern && !matchesPattern(shape.pattern, value)) out.push({ path, value, sensitive, constraint: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      return;
    }
    case "blob":
      if (Buffer.isBuffer(value)) checkLength(shape, value.length, out, path, value, sensitive);
      return;
    case "integer":
    case "long":
    case "float":
    case "double":
    case "short":
    case "byte":
      if (typeof value !== "number") return;
      if (shape.min !== undefined && value < shape.min) out.push({ path, value, sensitive, constraint: `Member must have value greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && value > shape.max) out.push({ path, value, sensitive, constraint: `Member must have value less than or equal to ${shape.max}` });
      return;
    default:
      void ref;
      return;
  }
}

/**
 * Whether a string certainly satisfies a string shape that constrains only its length (a
 * DynamoDB attribute name, at most 65535 characters), judged without counting code points:
 * then the map key needs no path and no check.
 */
function passesStringBounds(shape: Shape, value: string): boolean {
  if (shape.type !== "string" || shape.enum !== undefined || shape.pattern !== undefined) return false;
  return (shape.min === undefined || value.length >= 2 * shape.min) && (shape.max === undefined || value.length <= shape.max);
}

const SIMPLE = new Set(["string", "integer", "long", "float", "double", "short", "byte", "boolean", "blob", "timestamp"]);
const isSimple = (shape: Shape): boolean => SIMPLE.has(shape.type);

/** Whether a simple value breaks any constraint of its shape. */
function violates(spec: ServiceSpec, ref: ShapeRef, shape: Shape, value: unknown): boolean {
  const found: Violation[] = [];
  checkValue(spec, ref, shape, value, "", found);
  return found.length > 0;
}

/** Every constraint of a simple shape, in Coral's order: length (max, min), pattern, enum, range (max, min). */
function simpleConstraints(shape: Shape): string[] {
  const out: string[] = [];
  const s = shape as { type: string; min?: number; max?: number; pattern?: string; enum?: string[] };
  const numeric = s.type !== "string" && s.type !== "blob";
  const bound = (n: number) => (s.type === "double" || s.type === "float" ? javaDouble(n) : String(n));
  if (!numeric) {
    if (s.max !== undefined) out.push(`Member must have length less than or equal to ${s.max}`);
    if (s.min !== undefined) out.push(`Member must have length greater than or equal to ${s.min}`);
    if (s.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${s.pattern}`);
    if (s.enum !== undefined) out.push(`Member must satisfy enum value set: [${s.enum.join(", ")}]`);
  } else {
    if (s.max !== undefined) out.push(`Member must have value less than or equal to ${bound(s.max)}`);
    if (s.min !== undefined) out.push(`Member must have value greater than or equal to ${bound(s.min)}`);
  }
  return out;
}

/** How Java prints a double: whole numbers keep ".0". */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** Length bounds; a violation is reported at path with value (no closure per checked value). */
function checkLength(shape: { min?: number; max?: number }, length: number, out: Violation[], path: string, value: unknown, sensitive: boolean): void {
  if (shape.min !== undefined && length < shape.min) out.push({ path, value, sensitive, constraint: `Member must have length greater than or equal to ${shape.min}` });
  if (shape.max !== undefined && length > shape.max) out.push({ path, value, sensitive, constraint: `Member must have length less than or equal to ${shape.max}` });
}

/** AWS measures string length in Unicode code points, not UTF-16 units. */
function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

// Model patterns are Java regular expressions that must match the whole value. Compiled once
// each; a pattern JavaScript cannot compile (Java-only syntax) is skipped rather than
// rejecting valid input.
const patternCache = new Map<string, RegExp | null>();
function matchesPattern(pattern: string, value: string): boolean {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${javaToJsPattern(pattern)})$`, "su");
    } catch {
      try {
        re = new RegExp(`^(?:${javaToJsPattern(pattern)})$`, "s");
      } catch {
        re = null;
      }
    }
    patternCache.set(pattern, re);
  }
  return re === null ? true : re.test(value);
}

function javaToJsPattern(p: string): string {
  return p
    .replace(/\\p\{Alpha\}/g, "[A-Za-z]")
    .replace(/\\p\{Alnum\}/g, "[A-Za-z0-9]")
    .replace(/\\p\{Digit\}/g, "[0-9]")
    .replace(/\\p\{Punct\}/g, "[!-/:-@\\[-`{-~]")
    .replace(/\\p\{Upper\}/g, "[A-Z]")
    .replace(/\\p\{Lower\}/g, "[a-z]")
    .replace(/\\p\{Space\}/g, "\\s")
    .replace(/\\p\{XDigit\}/g, "[0-9A-Fa-f]")
    .replace(/\\p\{ASCII\}/g, "[\\x00-\\x7F]")
    .replace(/\\p\{Graph\}/g, "[!-~]")
    .replace(/\\p\{Print\}/g, "[ -~]")
    .replace(/\\p\{Cntrl\}/g, "[\\x00-\\x1F\\x7F]")
    .replace(/\\p\{Blank\}/g, "[ \\t]")
    .replace(/\\z/g, "$")
    .replace(/\\Z/g, "$")
    .replace(/\\A/g, "^");
}
