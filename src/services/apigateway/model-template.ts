// GetModelTemplate: a sample VTL mapping template that builds a body of the model's shape from
// the input, in the layout the console generates
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings.html):
//   #set($inputRoot = $input.path('$'))
//   {
//     "a" : $inputRoot.a,
//     "op" : "$inputRoot.op"
//   }
// Strings are quoted, numbers and booleans are not, arrays iterate with #foreach.
type Schema = Record<string, unknown>;

export function modelTemplate(schemaText: string | undefined): string {
  let schema: Schema = {};
  try {
    const parsed = JSON.parse(schemaText ?? "{}");
    if (parsed && typeof parsed === "object") schema = parsed as Schema;
  } catch {
    // An unparsable schema (never stored: CreateModel refuses it) templates as an object.
  }
  return `#set($inputRoot = $input.path('$'))\n${render(schema, "$inputRoot", "", 0)}`;
}

function render(schema: Schema, ref: string, indent: string, depth: number): string {
  const type = schema["type"];
  if (type === "array" || (type === undefined && schema["items"] !== undefined)) {
    const items = (schema["items"] as Schema | undefined) ?? {};
    const elem = `$elem${depth === 0 ? "" : depth}`;
    return `[\n#foreach(${elem} in ${ref})\n${indent} ${render(items, elem, `${indent} `, depth + 1)}#if($foreach.hasNext),#end\n#end\n${indent}]`;
  }
  if (type === "object" || schema["properties"] !== undefined) {
    const properties = Object.entries((schema["properties"] as Record<string, Schema> | undefined) ?? {});
    if (properties.length === 0) return "{ }";
    const lines = properties.map(([name, prop]) => `${indent}  "${name}" : ${renderValue(prop, `${ref}.${name}`, `${indent}  `, depth)}`);
    return `{\n${lines.join(",\n")}\n${indent}}`;
  }
  return renderValue(schema, ref, indent, depth);
}

function renderValue(schema: Schema, ref: string, indent: string, depth: number): string {
  const type = schema["type"];
  if (type === "object" || type === "array" || schema["properties"] !== undefined || schema["items"] !== undefined) {
    return render(schema, ref, indent, depth + 1);
  }
  if (type === "number" || type === "integer" || type === "boolean") return ref;
  return `"${ref}"`;
}
