// $input: body, json(path), path(path), params() and params(name).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MappingTemplateError } from "../../../../src/engines/apigw/mapping/index.js";
import { render } from "./helpers.js";

const body = JSON.stringify({ name: "Rex", age: 3, tags: ["a", "b"], owner: { city: "Paris", zip: null }, items: [{ id: 1 }, { id: 2 }] });

describe("$input.body", () => {
  it("is the raw payload", () => {
    assert.equal(render("$input.body", { body: "a=1&b=2" }), "a=1&b=2");
  });
  it("reads an empty payload as {}", () => {
    assert.equal(render("$input.body"), "{}");
  });
});

describe("$input.json", () => {
  it("returns the JSON text of the whole payload for $", () => {
    assert.equal(render("$input.json('$')", { body }), body);
  });
  it("returns a string value with its quotes", () => {
    assert.equal(render("$input.json('$.name')", { body }), '"Rex"');
  });
  it("returns numbers, objects, arrays and null as JSON", () => {
    assert.equal(render("$input.json('$.age')|$input.json('$.owner')|$input.json('$.tags')|$input.json('$.owner.zip')", { body }), '3|{"city":"Paris","zip":null}|["a","b"]|null');
  });
  it("returns a list for an indefinite path (wildcard, deep scan, filter)", () => {
    assert.equal(render("$input.json('$.items[*].id')", { body }), "[1,2]");
    assert.equal(render("$input.json('$..city')", { body }), '["Paris"]');
    assert.equal(render("$input.json('$.items[?(@.id > 1)]')", { body }), '[{"id":2}]');
  });
  it("selects by index and bracket notation", () => {
    assert.equal(render("$input.json('$.items[1]')|$input.json(\"$['owner']['city']\")", { body }), '{"id":2}|"Paris"');
  });
  it("renders a missing definite path as an empty JSON string", () => {
    assert.equal(render("$input.json('$.nope')|$input.json('$.owner.nope.deeper')", { body }), '""|""');
  });
  it("reads an empty payload as {}", () => {
    assert.equal(render("$input.json('$')"), "{}");
  });
  it("throws InvalidJsonPayload for a payload that is not JSON", () => {
    assert.throws(() => render("$input.json('$')", { body: "<xml/>" }), (e: unknown) => e instanceof MappingTemplateError && e.kind === "InvalidJsonPayload" && e.message.startsWith("Could not parse request body into json"));
  });
  it("does not parse the payload when the template never reads it as JSON", () => {
    assert.equal(render("$input.body", { body: "<xml/>" }), "<xml/>");
  });
});

describe("$input.path", () => {
  it("returns navigable objects: maps, lists and their methods", () => {
    assert.equal(render("$input.path('$').items.size()|$input.path('$.items').get(0).id|$input.path('$.owner').city|$input.path('$.tags')[1]", { body }), "2|1|Paris|b");
  });
  it("prints a JSON object as a Java map and a JSON array as JSON", () => {
    assert.equal(render("$input.path('$.owner')|$input.path('$.items')", { body }), '{city=Paris, zip=null}|[{"id":1},{"id":2}]');
  });
  it("returns strings with Java string methods", () => {
    assert.equal(render("$input.path('$.name').toLowerCase().length()", { body }), "3");
  });
  it("returns \"\" for a missing value, so templates can test it", () => {
    assert.equal(render("#set($item = $input.path('$.Item'))#if($item == \"\")missing#else found#end", { body }), "missing");
  });
  it("iterates a list with #foreach and keys with keySet()", () => {
    assert.equal(render("#foreach($i in $input.path('$.items'))$i.id#if($foreach.hasNext),#end#end;#foreach($k in $input.path('$.owner').keySet())$k #end", { body }), "1,2;city zip ");
  });
  it("keeps the payload's key order", () => {
    assert.equal(render("$input.path('$').keySet()", { body: '{"z":1,"a":2,"m":3}' }), "[z, a, m]");
  });
});

describe("$input.params", () => {
  const params = {
    pathParams: { id: "42", shared: "from-path" },
    queryParams: { q: "x", multi: ["1", "2"], shared: "from-query" },
    headers: { "X-Trace": "t1", shared: "from-header" },
  };
  it("looks a name up in path, then query string, then header", () => {
    assert.equal(render("$input.params('id')|$input.params('q')|$input.params('X-Trace')|$input.params('shared')", params), "42|x|t1|from-path");
  });
  it("finds headers case-insensitively", () => {
    assert.equal(render("$input.params('x-trace')", params), "t1");
  });
  it("returns \"\" for an unknown name", () => {
    assert.equal(render("#if($input.params('nope') == \"\")empty#end", params), "empty");
  });
  it("offers the last value of a multi-valued parameter", () => {
    assert.equal(render("$input.params('multi')", params), "2");
  });
  it("returns all parameters as {path, querystring, header} maps", () => {
    assert.equal(render("$input.params().path.id|$input.params().querystring.get('q')|$input.params().header.get('X-Trace')|$input.params().keySet()", params), "42|x|t1|[path, querystring, header]");
  });
  it("supports the documented 'pass all parameters' template", () => {
    const template = `#set($allParams = $input.params())
{
#foreach($type in $allParams.keySet())
  #set($params = $allParams.get($type))
  "$type": {
  #foreach($paramName in $params.keySet())
    "$paramName": "$util.escapeJavaScript($params.get($paramName))"#if($foreach.hasNext),#end
  #end
  }#if($foreach.hasNext),#end
#end
}`;
    const out = JSON.parse(render(template, { pathParams: { id: "1" }, queryParams: { q: 'say "hi"' }, headers: { h: "v" } }));
    assert.deepEqual(out, { path: { id: "1" }, querystring: { q: 'say "hi"' }, header: { h: "v" } });
  });
});
