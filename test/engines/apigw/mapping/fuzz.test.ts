// Bounded fuzz of the mapping engine: random and mutated templates (fixed seed, < 5 s).
// Every render must end, and either succeed or throw MappingTemplateError (which the data plane
// turns into API Gateway's 500 "Internal server error" or, for unparseable request JSON, 400).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MappingTemplateEngine, MappingTemplateError } from "../../../../src/engines/apigw/mapping/index.js";
import { input } from "./helpers.js";

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  `{"name": "$input.path('$.name')", "all": $input.json('$'), "n": $input.path('$.items').size()}`,
  `#set($allParams = $input.params())#foreach($type in $allParams.keySet())#set($p = $allParams.get($type))"$type": {#foreach($n in $p.keySet())"$n": "$util.escapeJavaScript($p.get($n))"#if($foreach.hasNext),#end#end}#end`,
  `#set($m = {"a": 1, "b": [1, 2, 3]})#foreach($x in $m.b)#if($x > 1 && $x != 3)$x#elseif($x == 3)#break#else-#end#end$m.keySet()`,
  `#macro(greet $who)Hello $who.toUpperCase()!#end#greet($input.params('name'))#set($s = "abc")$s.substring(1).replaceAll("b(.)", "$1$1").split("c")`,
  `#set($context.responseOverride.status = 201)#set($context.responseOverride.header.X = $util.base64Encode($input.body))$util.urlEncode($context.requestId) $stageVariables.env`,
  `#set($i = 7 / 2)#set($j = $i * 3 - 1 % 2)#set($k = "$i$j")$k.length() $util.parseJson('{"x":[1,{"y":2}]}').x[1].y #stop trailing`,
  `## comment\n#* block *#$!{input.path('$.missing')}\\$escaped #set($l = [])$l.add($input.path('$.items'))$l.get(0)[0]`,
];

const TOKENS = [
  "#if(", "#elseif(", "#else", "#end", "#foreach(", "#set(", "#macro(", "#break", "#stop", "#{", "$", "$!", "${", "}", "(", ")",
  "[", "]", "{", ",", "'", '"', " in ", " == ", " && ", " + ", " / ", "..", "$input.json('$')", "$input.path('$.items')",
  "$util.parseJson('{')", "$context.keySet()", "[1..1000]", "#foreach($i in [1..1000])", "$i", "\\", "#*", "*#", "##", "\n",
];

function mutate(rand: () => number, template: string): string {
  let t = template;
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (t.length + 1));
    switch (Math.floor(rand() * 4)) {
      case 0: // delete a span
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 6));
        break;
      case 1: // insert a VTL token
        t = t.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + t.slice(at);
        break;
      case 2: // duplicate a span
        t = t.slice(0, at) + t.slice(at, at + 20) + t.slice(at);
        break;
      default: // random printable character
        t = t.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 95)) + t.slice(at);
    }
  }
  return t;
}

function randomTemplate(rand: () => number): string {
  let t = "";
  const n = 1 + Math.floor(rand() * 25);
  for (let i = 0; i < n; i++) t += rand() < 0.7 ? TOKENS[Math.floor(rand() * TOKENS.length)] : String.fromCharCode(32 + Math.floor(rand() * 95));
  return t;
}

describe("mapping engine fuzz", () => {
  it("renders or fails with MappingTemplateError, never hangs or throws anything else", () => {
    // Small limits keep hostile templates cheap; they are the same code paths as the defaults.
    const engine = new MappingTemplateEngine({ limits: { maxIterations: 20_000, maxStringLength: 1_000_000, maxRangeSize: 20_000 } });
    const rand = prng(0x5eed);
    const vars = input({
      body: JSON.stringify({ name: "O'Neil \"x\" é", items: [1, 2, { a: null }] }),
      pathParams: { id: "1" },
      queryParams: { name: ["a", "b"] },
      headers: { "X-H": "v" },
      context: { requestId: "r", stage: "dev", identity: { sourceIp: "1.2.3.4" } },
      stageVariables: { env: "prod" },
    });
    const started = Date.now();
    const outcomes = { rendered: 0, syntax: 0, render: 0, payload: 0 };
    let count = 0;
    while (Date.now() - started < 3000 && count < 4000) {
      const template = rand() < 0.75 ? mutate(rand, SEEDS[count % SEEDS.length]!) : randomTemplate(rand);
      count++;
      try {
        const result = engine.renderMappingTemplate(template, vars);
        assert.equal(typeof result.body, "string");
        outcomes.rendered++;
      } catch (error) {
        if (!(error instanceof MappingTemplateError)) {
          assert.fail(`template ${JSON.stringify(template)} threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
        }
        if (error.kind === "TemplateSyntax") outcomes.syntax++;
        else if (error.kind === "TemplateRender") outcomes.render++;
        else outcomes.payload++;
      }
    }
    assert.ok(count >= 200, `only ${count} templates in the time budget`);
    process.stdout.write(`# fuzz: ${count} templates ${JSON.stringify(outcomes)}\n`);
    assert.ok(outcomes.rendered > 0 && outcomes.syntax > 0, JSON.stringify(outcomes));
    // Every seed itself renders.
    for (const seed of SEEDS) assert.equal(typeof engine.renderMappingTemplate(seed, vars).body, "string");
  });
});
