// Velocity 1.7 semantics, as API Gateway runs mapping templates, on top of velocityjs.
// velocityjs parses VTL and walks the tree; this subclass replaces the evaluation steps whose
// JavaScript behaviour differs from Java Velocity 1.7:
//  - references: null renders "" (API Gateway), properties/indexes/methods resolve on Java types
//    (JavaMap.get, List.get, String methods...) instead of JS properties;
//  - #set: a null right-hand side leaves the variable unchanged; `#set($m.k = v)` is Map.put;
//  - #if/&&/||/!: only null and false are false ("" and 0 are true);
//  - == compares numbers by value and other classes by toString(); < > need numbers;
//  - arithmetic: integer operands give integer results (5 / 2 = 2), x / 0 is null,
//    + concatenates when either side is a String;
//  - #foreach iterates lists, map values and arrays, and offers $foreach.{count,index,hasNext,first,last}
//    and $velocityCount; #break leaves the innermost #foreach (or macro, or the template);
//  - macros nest at most 20 deep (velocimacro.max.depth); #include and #parse are unavailable.
// Limits keep a render bounded: output and string sizes, loop iterations, range literals.
import { Compile } from "velocityjs";
import { isJavaMap, JavaMap } from "./java-collections.js";
import { MappingTemplateError } from "./errors.js";
import { invokeJavaMethod, NO_METHOD, readJavaIndex, readJavaProperty } from "./java-methods.js";
import { isHostObject, isNullish, isTruthy, javaToString, renderValue, velocityEquals, type HostObject } from "./java-values.js";

/** Render budget; generous for real templates, small enough that a hostile one ends quickly. */
export interface RenderLimits {
  /** Max characters of output and of any string a template builds (API Gateway payloads are at most 10 MB). */
  maxStringLength: number;
  /** Max #foreach iterations, summed over the whole render. */
  maxIterations: number;
  /** Max elements of a range literal [a..b]. */
  maxRangeSize: number;
  /** Max nesting of macro calls and #evaluate (Velocity's velocimacro.max.depth is 20). */
  maxMacroDepth: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = Object.freeze({
  maxStringLength: 10 * 1024 * 1024,
  maxIterations: 1_000_000,
  maxRangeSize: 1_000_000,
  maxMacroDepth: 20,
});

/** Parses VTL (velocityjs) with a cache shared by every render of one engine. */
export interface AstSource {
  parse(text: string): unknown[];
}

// velocityjs's AST shapes, as far as this file reads them.
interface RefAst {
  type: "references";
  id: string;
  leader: string;
  prue?: boolean;
  args?: unknown;
  path?: Array<{ type: "method" | "property" | "index"; id: string | LiteralAst; args?: LiteralAst[] | false }>;
}
interface LiteralAst {
  type: string;
  value?: unknown;
  isEval?: boolean;
  isRange?: boolean;
  expression?: LiteralAst[];
  operator?: string;
}
interface SetAst {
  type: "set";
  equal: [RefAst, LiteralAst];
}

/** What velocityjs's Compile provides and this class calls (its typings omit the mixed-in methods). */
interface VelocityInternals {
  context: Record<string, unknown>;
  local: Record<string, Record<string, unknown>>;
  conditions: string[];
  contextId: string;
  defines: Record<string, unknown[]>;
  runState: { stop: boolean; break: boolean };
  getLocal(ast: RefAst): { value: unknown; isLocal: boolean };
  getBlock(block: unknown[]): string;
  getMacro(ast: unknown, bodyContent?: string): string;
  setValue(ast: SetAst): void;
  eval(str: unknown, local: object, contextId?: string): string;
}

const base = Compile.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const baseGetMacro = base.getMacro!;

let foreachIds = 0;

/** The $foreach loop object of Velocity 1.7 (ForeachScope). */
class ForeachScope implements HostObject {
  readonly hostName = "$foreach";
  constructor(
    readonly index: number,
    private readonly length: number,
  ) {}
  property(name: string): unknown {
    switch (name) {
      case "index": return this.index;
      case "count": return this.index + 1;
      case "hasNext": return this.index + 1 < this.length;
      case "first": return this.index === 0;
      case "last": return this.index + 1 === this.length;
      default: return undefined;
    }
  }
  call(name: string, args: unknown[]): unknown {
    if (args.length > 0) return NO_METHOD;
    const getter = /^(get|is)([A-Z].*)$/.exec(name);
    const prop = getter ? getter[2]![0]!.toLowerCase() + getter[2]!.slice(1) : name;
    const value = this.property(prop);
    return value === undefined ? NO_METHOD : value;
  }
}

/** The values #foreach visits: a List's elements, a Map's values; anything else is not iterable. */
function iterationItems(from: unknown): unknown[] | undefined {
  if (Array.isArray(from)) return from;
  if (isJavaMap(from)) return from.values();
  return undefined;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

export class ApiGatewayVelocity extends Compile {
  private iterations = 0;
  private macroDepth = 0;

  constructor(
    asts: unknown[],
    private readonly astSource: AstSource,
    private readonly limits: RenderLimits,
  ) {
    super(asts as never);
  }

  private get vm(): VelocityInternals {
    return this as unknown as VelocityInternals;
  }

  private checkString(s: string): string {
    if (s.length > this.limits.maxStringLength) {
      throw new MappingTemplateError("TemplateRender", `Template output exceeds ${this.limits.maxStringLength} characters`);
    }
    return s;
  }

  override renderAstList(asts?: unknown[], contextId?: string): string {
    const vm = this.vm;
    let str = "";
    const list = (asts ?? (this as unknown as { asts: unknown[] }).asts) as Array<string | { type: string }>;
    if (contextId) {
      if (contextId !== vm.contextId && vm.conditions.indexOf(contextId) === -1) vm.conditions.unshift(contextId);
      vm.contextId = contextId;
    } else vm.contextId = "";
    for (const ast of list) {
      if (vm.runState.stop || vm.runState.break) break;
      if (typeof ast === "string") {
        str += ast;
      } else {
        switch (ast.type) {
          case "references":
            str += renderValue(this.getReferences(ast as RefAst, true));
            break;
          case "set":
            this.setValue(ast as SetAst);
            break;
          case "break":
            vm.runState.break = true;
            break;
          case "macro_call":
            str += this.getMacro(ast as never);
            break;
          case "comment":
            break;
          case "raw":
            str += (ast as unknown as { value: string }).value;
            break;
          default:
            str += vm.getBlock(ast as unknown as unknown[]);
        }
      }
      if (str.length > this.limits.maxStringLength) this.checkString(str);
    }
    return str;
  }

  /** Resolves a reference to its Java value (null when undefined). */
  // velocityjs types these as returning strings; they return Java values here.
  override getReferences(ast: any, _isVal?: boolean): any {
    const vm = this.vm;
    if (ast.prue) {
      const define = vm.defines[ast.id];
      if (Array.isArray(define)) return this.renderAstList(define);
    }
    const local = vm.getLocal(ast);
    let value: unknown = local.isLocal
      ? local.value
      : Object.prototype.hasOwnProperty.call(vm.context, ast.id)
        ? vm.context[ast.id]
        : null;
    // `$name(...)` (a reference called like a function) is not Java Velocity syntax.
    if (ast.args !== undefined && ast.args !== false) value = null;
    for (const step of ast.path ?? []) {
      if (isNullish(value)) return null;
      value = this.getAttributes(step, value);
    }
    return value === undefined ? null : value;
  }

  getAttributes(step: NonNullable<RefAst["path"]>[number], target: unknown): unknown {
    if (step.type === "method") return this.getPropMethod(step, target);
    if (step.type === "property") return readJavaProperty(target, step.id as string);
    return readJavaIndex(target, this.getLiteral(step.id as LiteralAst));
  }

  getPropMethod(step: { id: string | LiteralAst; args?: LiteralAst[] | false }, target: unknown): unknown {
    const args = (step.args || []).map((a) => this.getLiteral(a));
    const result = invokeJavaMethod(target, step.id as string, args);
    if (result === NO_METHOD) return null;
    // A void method's value is "" (Velocity's ASTMethod), so `$list.clear()` renders nothing.
    if (result === undefined) return "";
    if (typeof result === "string") this.checkString(result);
    return result;
  }

  override getLiteral(literal: any): any {
    switch (literal.type) {
      case "string": {
        const value = literal.value as string;
        if (literal.isEval && (value.includes("#") || value.includes("$"))) return this.evalStr(value);
        return value;
      }
      case "integer":
        return typeof literal.value === "number" ? literal.value : parseInt(literal.value as string, 10);
      case "decimal":
        return parseFloat(literal.value as string);
      case "bool":
        return literal.value === "true" ? true : literal.value === "false" ? false : null;
      case "array":
        return this.getArray(literal);
      case "map": {
        // Velocity 1.7 map literals are LinkedHashMaps.
        const map = new JavaMap("insertion");
        for (const [k, v] of Object.entries((literal.value ?? {}) as Record<string, LiteralAst>)) map.put(k, this.getLiteral(v));
        return map;
      }
      case "math":
        return this.getExpression(literal);
      default:
        return this.getReferences(literal as unknown as RefAst);
    }
  }

  getArray(literal: LiteralAst): unknown[] {
    const items = literal.value as Array<LiteralAst | string | number>;
    if (!literal.isRange) return items.map((exp) => this.getLiteral(exp as LiteralAst));
    const [from, to] = items.map((exp) =>
      typeof exp === "string" ? parseInt(exp, 10) : typeof exp === "number" ? exp : this.getLiteral(exp),
    );
    // Velocity 1.7's range operator needs integers on both ends.
    if (typeof from !== "number" || typeof to !== "number" || !Number.isInteger(from) || !Number.isInteger(to)) return [];
    if (Math.abs(to - from) + 1 > this.limits.maxRangeSize) {
      throw new MappingTemplateError("TemplateRender", `Range [${from}..${to}] exceeds ${this.limits.maxRangeSize} elements`);
    }
    const out: number[] = [];
    if (from <= to) for (let i = from; i <= to; i++) out.push(i);
    else for (let i = from; i >= to; i--) out.push(i);
    return out;
  }

  override evalStr(text: string): string {
    return this.checkString(this.renderAstList(this.astSource.parse(text), this.vm.contextId));
  }

  override getExpression(ast: any): any {
    if (ast.type !== "math") return this.getLiteral(ast);
    const [left, right] = ast.expression ?? [];
    switch (ast.operator) {
      case "parenthesis":
        return this.getExpression(left!);
      case "not":
        return !isTruthy(this.getExpression(left!));
      case "&&":
        return isTruthy(this.getExpression(left!)) && isTruthy(this.getExpression(right!));
      case "||":
        return isTruthy(this.getExpression(left!)) || isTruthy(this.getExpression(right!));
      case "minus": {
        const v = this.getExpression(left!);
        return typeof v === "number" ? -v : null;
      }
      case "==":
        return velocityEquals(this.getExpression(left!), this.getExpression(right!));
      case "!=":
        return !velocityEquals(this.getExpression(left!), this.getExpression(right!));
      case "<":
      case ">":
      case "<=":
      case ">=": {
        const a = numberOrNull(this.getExpression(left!));
        const b = numberOrNull(this.getExpression(right!));
        // Velocity 1.7 compares numbers only; anything else logs an error and is false.
        if (a === null || b === null) return false;
        return ast.operator === "<" ? a < b : ast.operator === ">" ? a > b : ast.operator === "<=" ? a <= b : a >= b;
      }
      default:
        return this.arithmetic(ast.operator ?? "", left!, right!);
    }
  }

  /** ASTMathNode: +, -, *, /, % with Java number types and String concatenation for +. */
  private arithmetic(operator: string, leftAst: LiteralAst, rightAst: LiteralAst): unknown {
    const left = this.getExpression(leftAst);
    const right = this.getExpression(rightAst);
    if (operator === "+" && (typeof left === "string" || typeof right === "string")) {
      // ASTAddNode: a null side contributes its literal text ("$foo").
      const l = isNullish(left) ? referenceText(leftAst) : javaToString(left);
      const r = isNullish(right) ? referenceText(rightAst) : javaToString(right);
      return this.checkString(l + r);
    }
    if (typeof left !== "number" || typeof right !== "number") return null;
    const integral = Number.isInteger(left) && Number.isInteger(right) && leftAst.type !== "decimal" && rightAst.type !== "decimal";
    switch (operator) {
      case "+": return left + right;
      case "-": return left - right;
      case "*": return left * right;
      case "/":
        if (right === 0) return null; // ASTDivNode: division by zero logs and yields null
        return integral ? Math.trunc(left / right) : left / right;
      case "%":
        if (right === 0) return null;
        return left % right;
      default:
        return null;
    }
  }

  override setValue(ast: any): void {
    const vm = this.vm;
    const [ref, valueAst] = ast.equal;
    const value = valueAst.type === "math" ? this.getExpression(valueAst) : this.getLiteral(valueAst);
    // Velocity 1.7 (directive.set.null.allowed=false): a null value leaves the target unchanged.
    if (isNullish(value)) return;
    const path = ref.path ?? [];
    if (path.length === 0) {
      const scope = this.scopeOf(ref.id);
      scope[ref.id] = value;
      return;
    }
    const target: unknown = this.getReferences({ ...ref, path: path.slice(0, -1), prue: false });
    const last = path[path.length - 1]!;
    if (isNullish(target)) return;
    const key = last.type === "index" ? this.getLiteral(last.id as LiteralAst) : last.id;
    if (isJavaMap(target)) {
      target.put(key, value);
    } else if (Array.isArray(target) && last.type === "index" && typeof key === "number") {
      const i = key < 0 ? target.length + key : key;
      if (i < 0 || i >= target.length) {
        throw new MappingTemplateError("TemplateRender", `java.lang.IndexOutOfBoundsException: Index ${key} out of bounds for length ${target.length}`);
      }
      target[i] = value;
    } else if (isHostObject(target) && typeof key === "string") {
      target.call(`set${key[0]?.toUpperCase() ?? ""}${key.slice(1)}`, [value]);
    }
  }

  /** #set writes to the innermost macro/foreach scope that already has the variable, else globally. */
  private scopeOf(id: string): Record<string, unknown> {
    const vm = this.vm;
    if (!vm.contextId.startsWith("macro:")) {
      for (const condition of vm.conditions) {
        const scope = vm.local[condition];
        if (scope && Object.prototype.hasOwnProperty.call(scope, id)) return scope;
      }
    }
    return vm.context;
  }

  getBlockIf(block: Array<{ type: string; condition?: LiteralAst }>): string {
    let taken = false;
    const body: unknown[] = [];
    for (const ast of block) {
      const isCondition = ast.type === "if" || ast.type === "elseif";
      if (isCondition || ast.type === "else") {
        if (taken) break;
        taken = isCondition ? isTruthy(this.getExpression(ast.condition!)) : true;
        continue;
      }
      if (taken) body.push(ast);
    }
    return this.renderAstList(body, this.vm.contextId);
  }

  getBlockEach(block: Array<{ type: string; from?: LiteralAst; to?: string }>): string {
    const vm = this.vm;
    const head = block[0]!;
    const items = iterationItems(this.getLiteral(head.from!));
    if (!items || items.length === 0) return "";
    const body = block.slice(1);
    const contextId = `foreach:${foreachIds++}`;
    // Iterate over a snapshot: Java would throw ConcurrentModificationException on changes.
    const snapshot = [...items];
    let out = "";
    for (let i = 0; i < snapshot.length; i++) {
      if (++this.iterations > this.limits.maxIterations) {
        throw new MappingTemplateError("TemplateRender", `#foreach exceeded ${this.limits.maxIterations} iterations`);
      }
      const scope: Record<string, unknown> = Object.create(null);
      scope[head.to!] = snapshot[i];
      scope.foreach = new ForeachScope(i, snapshot.length);
      scope.velocityCount = i + 1;
      vm.local[contextId] = scope;
      out += this.renderAstList(body, contextId);
      this.checkString(out);
      if (vm.runState.break || vm.runState.stop) break;
    }
    vm.runState.break = false;
    delete vm.local[contextId];
    const at = vm.conditions.indexOf(contextId);
    if (at >= 0) vm.conditions.splice(at, 1);
    vm.contextId = vm.conditions[0] ?? "";
    return out;
  }

  override getMacro(ast: any, bodyContent?: string): string {
    const id = ast.id ?? "";
    if (id === "include" || id === "parse") {
      throw new MappingTemplateError("TemplateRender", `#${id} is not supported in mapping templates`);
    }
    if (++this.macroDepth > this.limits.maxMacroDepth) {
      throw new MappingTemplateError("TemplateRender", `Macro nesting exceeds ${this.limits.maxMacroDepth} levels`);
    }
    try {
      // Only #stop and the template's own macros exist; an unknown macro call renders nothing.
      const isOwnMacro = Object.prototype.hasOwnProperty.call((this as unknown as { macrosStore: object }).macrosStore, id);
      if (!isOwnMacro && id !== "stop" && id !== "evaluate") return "";
      if (id === "evaluate") {
        const arg = ast.args?.[0] ? this.getLiteral(ast.args[0]) : null;
        return typeof arg === "string" ? this.evalStr(arg) : "";
      }
      const out = baseGetMacro.call(this, ast, bodyContent);
      // A #break inside a macro body ends that macro only.
      this.vm.runState.break = false;
      return typeof out === "string" ? this.checkString(out) : renderValue(out);
    } finally {
      this.macroDepth--;
    }
  }
}

/** The source text of a reference operand, as Velocity prints a null operand of a concatenation. */
function referenceText(ast: LiteralAst): string {
  if (ast.type !== "references") return "null";
  const ref = ast as unknown as RefAst;
  let text = `${ref.leader}${ref.id}`;
  for (const step of ref.path ?? []) {
    if (step.type === "property") text += `.${step.id as string}`;
    else if (step.type === "method") text += `.${step.id as string}()`;
    else text += "[]";
  }
  return text;
}
