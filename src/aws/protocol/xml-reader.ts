// XML request bodies -> values, driven by the model (restXml inputs such as S3's
// CreateBucketConfiguration and Delete). The same naming rules as xml-writer.ts, read back.
// Documents are checked for well-formedness first; a DOCTYPE is refused outright, so no
// entity can expand.
import { createRequire } from "node:module";
import type { XMLParser } from "fast-xml-parser";
import type { ServiceError } from "../errors.js";
import type { ShapeRef, StructureShape } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { setOwn } from "./json-codec.js";
import { isFlattened, scalarFromText, timestampFormatOf } from "./shapes.js";
import { memberElementName } from "./xml-writer.js";

export interface XmlElement {
  /** The local name (any namespace prefix removed). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

type FastXmlParser = typeof import("fast-xml-parser");
let fastXml: FastXmlParser | undefined;
let xmlParser: XMLParser | undefined;

/**
 * fast-xml-parser is loaded on first use, through its CommonJS build: only XML-speaking calls
 * need it, and that build loads in a fraction of the ESM build's time (start-up budget).
 */
function xml(): { parser: XMLParser; validate: FastXmlParser["XMLValidator"]["validate"] } {
  fastXml ??= createRequire(import.meta.url)("fast-xml-parser") as FastXmlParser;
  xmlParser ??= new fastXml.XMLParser(PARSER_OPTIONS);
  return { parser: xmlParser, validate: fastXml.XMLValidator.validate };
}

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
};

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function convert(name: string, node: OrderedNode): XmlElement {
  const element: XmlElement = { name: localName(name), attributes: node[":@"] ?? {}, children: [], text: "" };
  for (const child of (node[name] as OrderedNode[]) ?? []) {
    const key = Object.keys(child).find((k) => k !== ":@");
    if (key === undefined) continue;
    if (key === "#text") element.text += String(child[key]);
    else element.children.push(convert(key, child));
  }
  return element;
}

/** The root element of a document, or undefined when it is not well-formed XML. */
export function parseXmlDocument(text: string): XmlElement | undefined {
  if (/<!DOCTYPE/i.test(text)) return undefined;
  const { parser, validate } = xml();
  if (validate(text) !== true) return undefined;
  const nodes = parser.parse(text) as OrderedNode[];
  for (const node of nodes) {
    const key = Object.keys(node).find((k) => k !== ":@" && k !== "#text");
    if (key !== undefined) return convert(key, node);
  }
  return undefined;
}

export class XmlReader {
  constructor(
    private readonly spec: ServiceSpec,
    private readonly fail: (detail: string) => ServiceError,
  ) {}

  /** Reads an element's children into a structure; `bodyOnly` skips HTTP-bound members. */
  readStructure(shape: StructureShape, element: XmlElement, bodyOnly = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(shape.members)) {
      if (bodyOnly && ref.location) continue;
      const value = this.readMember(name, ref, element);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  private readMember(name: string, ref: ShapeRef, parent: XmlElement): unknown {
    const target = this.spec.resolve(ref);
    if (ref.xmlAttribute) {
      const text = parent.attributes[ref.locationName ?? name];
      return text === undefined ? undefined : this.scalar(ref, text);
    }
    if (target.type === "list" && isFlattened(ref, target)) {
      const itemName = localName(memberElementName(this.spec, name, ref));
      const items = parent.children.filter((c) => c.name === itemName);
      return items.length ? items.map((item) => this.read(target.member, item)) : undefined;
    }
    if (target.type === "map" && isFlattened(ref, target)) {
      const entryName = localName(ref.locationName ?? name);
      const entries = parent.children.filter((c) => c.name === entryName);
      return entries.length ? this.readEntries(target.key, target.value, entries) : undefined;
    }
    const wanted = localName(ref.locationName ?? name);
    const child = parent.children.find((c) => c.name === wanted);
    return child ? this.read(ref, child) : undefined;
  }

  private read(ref: ShapeRef, element: XmlElement): unknown {
    const target = this.spec.resolve(ref);
    switch (target.type) {
      case "structure":
        return this.readStructure(target, element);
      case "list": {
        const itemName = localName(target.member.locationName ?? "member");
        return element.children.filter((c) => c.name === itemName).map((item) => this.read(target.member, item));
      }
      case "map":
        return this.readEntries(target.key, target.value, element.children.filter((c) => c.name === "entry"));
      default:
        return this.scalar(ref, element.text);
    }
  }

  private readEntries(keyRef: ShapeRef, valueRef: ShapeRef, entries: XmlElement[]): Record<string, unknown> {
    const keyName = localName(keyRef.locationName ?? "key");
    const valueName = localName(valueRef.locationName ?? "value");
    const out: Record<string, unknown> = {};
    for (const entry of entries) {
      const key = entry.children.find((c) => c.name === keyName);
      const value = entry.children.find((c) => c.name === valueName);
      if (key && value) setOwn(out, key.text, this.read(valueRef, value));
    }
    return out;
  }

  private scalar(ref: ShapeRef, text: string): unknown {
    const shape = this.spec.resolve(ref);
    const trimmed = shape.type === "string" ? text : text.trim();
    return scalarFromText(shape, trimmed, timestampFormatOf(ref, shape, "iso8601"), this.fail);
  }
}
