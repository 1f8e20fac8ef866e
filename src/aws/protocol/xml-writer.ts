// Values -> XML, driven by the model; shared by awsQuery responses and restXml bodies.
// Rules: https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings and botocore's XML
// serializers: a list wraps its items in <member> (or the member's locationName) unless
// flattened, a map writes <entry><key/><value/></entry> (names from the key and value
// locationNames) unless flattened, xmlAttribute members become attributes of their parent,
// xmlNamespace adds an xmlns (with its prefix) to the element it sits on.
import type { ShapeRef, StructureShape } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { isFlattened, scalarText, timestampFormatOf } from "./shapes.js";

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': "&quot;", "\n": "&#xA;", "\t": "&#x9;" };

function escapeWith(text: string, pattern: RegExp, table: Record<string, string>): string {
  return pattern.test(text) ? text.replace(pattern, (c) => table[c] ?? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`) : text;
}

// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F]/g;
// eslint-disable-next-line no-control-regex
const ATTR_SPECIAL = /[&<>"\r\n\t\x00-\x08\x0B\x0C\x0E-\x1F]/g;

/** Escapes character data. Control characters become character references, as S3 writes them. */
export function escapeXmlText(text: string): string {
  TEXT_SPECIAL.lastIndex = 0;
  return escapeWith(text, TEXT_SPECIAL, TEXT_ESCAPES);
}

export function escapeXmlAttribute(text: string): string {
  ATTR_SPECIAL.lastIndex = 0;
  return escapeWith(text, ATTR_SPECIAL, ATTR_ESCAPES);
}

function namespaceAttribute(ns: { prefix?: string; uri: string } | undefined): string {
  if (!ns) return "";
  return ` xmlns${ns.prefix ? `:${ns.prefix}` : ""}="${escapeXmlAttribute(ns.uri)}"`;
}

/** The element name of a structure member (botocore's rule for flattened lists included). */
export function memberElementName(spec: ServiceSpec, name: string, ref: ShapeRef): string {
  const target = spec.resolve(ref);
  if (target.type === "list" && isFlattened(ref, target) && target.member.locationName) return target.member.locationName;
  return ref.locationName ?? name;
}

interface MemberPlan {
  name: string;
  ref: ShapeRef;
}

/** A structure's members split once into attributes and elements (writing is a hot path). */
interface StructurePlan {
  attributes: MemberPlan[];
  elements: MemberPlan[];
}

export class XmlWriter {
  private readonly plans = new WeakMap<StructureShape, StructurePlan>();

  constructor(private readonly spec: ServiceSpec) {}

  private plan(shape: StructureShape): StructurePlan {
    let plan = this.plans.get(shape);
    if (!plan) {
      plan = { attributes: [], elements: [] };
      for (const [name, ref] of Object.entries(shape.members)) (ref.xmlAttribute ? plan.attributes : plan.elements).push({ name, ref });
      this.plans.set(shape, plan);
    }
    return plan;
  }

  /**
   * A whole element for a structure: `<name attrs xmlns>members</name>`.
   * `bodyOnly` leaves out members bound to HTTP (restXml).
   */
  structureElement(name: string, shape: StructureShape, value: Record<string, unknown>, ref?: ShapeRef, bodyOnly = false, extraAttributes = ""): string {
    const ns = namespaceAttribute(ref?.xmlNamespace ?? shape.xmlNamespace);
    return `<${name}${ns}${extraAttributes}${this.attributes(shape, value)}>${this.members(shape, value, bodyOnly)}</${name}>`;
  }

  /** The child elements for a structure's members. */
  members(shape: StructureShape, value: Record<string, unknown>, bodyOnly = false): string {
    let out = "";
    for (const { name, ref } of this.plan(shape).elements) {
      const item = value[name];
      if (item === undefined || item === null || (bodyOnly && ref.location)) continue;
      out += this.member(name, ref, item);
    }
    return out;
  }

  private attributes(shape: StructureShape, value: Record<string, unknown>): string {
    let out = "";
    for (const { name, ref } of this.plan(shape).attributes) {
      const item = value[name];
      if (item === undefined || item === null) continue;
      const target = this.spec.resolve(ref);
      out += ` ${ref.locationName ?? name}="${escapeXmlAttribute(scalarText(target, item, timestampFormatOf(ref, target, "iso8601")))}"`;
    }
    return out;
  }

  private member(name: string, ref: ShapeRef, value: unknown): string {
    const target = this.spec.resolve(ref);
    if (target.type === "list" && isFlattened(ref, target)) {
      const itemName = memberElementName(this.spec, name, ref);
      let out = "";
      for (const item of value as unknown[]) if (item !== null && item !== undefined) out += this.element(itemName, target.member, item);
      return out;
    }
    if (target.type === "map" && isFlattened(ref, target)) {
      const entryName = ref.locationName ?? name;
      let out = "";
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item !== null && item !== undefined) out += `<${entryName}>${this.mapEntry(target.key, target.value, key, item)}</${entryName}>`;
      }
      return out;
    }
    return this.element(ref.locationName ?? name, ref, value);
  }

  private mapEntry(keyRef: ShapeRef, valueRef: ShapeRef, key: string, value: unknown): string {
    const keyName = keyRef.locationName ?? "key";
    return `<${keyName}>${escapeXmlText(key)}</${keyName}>${this.element(valueRef.locationName ?? "value", valueRef, value)}`;
  }

  /** One element named `name` holding `value` as `ref` describes it. */
  element(name: string, ref: ShapeRef, value: unknown): string {
    const target = this.spec.resolve(ref);
    switch (target.type) {
      case "structure":
        return this.structureElement(name, target, value as Record<string, unknown>, ref);
      case "list": {
        const itemName = target.member.locationName ?? "member";
        let inner = "";
        for (const item of value as unknown[]) if (item !== null && item !== undefined) inner += this.element(itemName, target.member, item);
        return `<${name}${namespaceAttribute(ref.xmlNamespace ?? target.xmlNamespace)}>${inner}</${name}>`;
      }
      case "map": {
        let inner = "";
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          if (item !== null && item !== undefined) inner += `<entry>${this.mapEntry(target.key, target.value, key, item)}</entry>`;
        }
        return `<${name}${namespaceAttribute(ref.xmlNamespace ?? target.xmlNamespace)}>${inner}</${name}>`;
      }
      default: {
        const text = escapeXmlText(scalarText(target, value, timestampFormatOf(ref, target, "iso8601")));
        return `<${name}${namespaceAttribute(ref.xmlNamespace)}>${text}</${name}>`;
      }
    }
  }
}
