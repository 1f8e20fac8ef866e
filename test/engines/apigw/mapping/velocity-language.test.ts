// The Velocity language as API Gateway runs it (Velocity 1.7 on Java), construct by construct.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MappingTemplateError } from "../../../../src/engines/apigw/mapping/index.js";
import { render } from "./helpers.js";

const isError = (kind: string) => (e: unknown) => e instanceof MappingTemplateError && e.kind === kind;

describe("references", () => {
  it("render null and undefined references as empty, in every notation", () => {
    assert.equal(render("[$nope][$!nope][${nope}][$!{nope}][$nope.deeper.call()]"), "[][][][][]");
  });
  it("render values of #set, formal notation next to text", () => {
    assert.equal(render("#set($a = 'x')${a}y $!{a}"), "xy x");
  });
  it("leave escaped references and directives as text", () => {
    assert.equal(render("#set($a = 1)\\$a \\#if"), "$a #if");
  });
  it("render literal text that only looks like a reference", () => {
    assert.equal(render("cost: $5 and 100%"), "cost: $5 and 100%");
  });
});

describe("Java String methods on strings", () => {
  const s = (t: string) => render(`#set($s = "Hello, World")${t}`);
  it("length, isEmpty, charAt, indexOf, lastIndexOf", () => {
    assert.equal(s("$s.length() $s.isEmpty() $s.charAt(1) $s.indexOf('o') $s.lastIndexOf('o') $s.indexOf('o', 5)"), "12 false e 4 8 8");
  });
  it("substring with Java bounds, aborting out of range", () => {
    assert.equal(s("$s.substring(7) $s.substring(0, 5)"), "World Hello");
    assert.throws(() => s("$s.substring(20)"), isError("TemplateRender"));
  });
  it("case, trim, contains, startsWith, endsWith, equals, equalsIgnoreCase", () => {
    assert.equal(s("$s.toLowerCase() $s.toUpperCase() [$s.concat('  ').trim()] $s.contains('World') $s.startsWith('Hell') $s.endsWith('x') $s.equals('Hello, World') $s.equalsIgnoreCase('hello, world')"), "hello, world HELLO, WORLD [Hello, World] true true false true true");
  });
  it("replace replaces every literal occurrence", () => {
    assert.equal(s("$s.replace('o', '0') $s.replace('.', '!')"), "Hell0, W0rld Hello, World");
  });
  it("replaceAll and replaceFirst take Java regexes and $n group references", () => {
    assert.equal(s("$s.replaceAll('o(.)', '0$1$1') $s.replaceFirst('[A-Z]', '_') $s.replaceAll('\\s+', '')"), "Hell0,, W0rrld _ello, World Hello,World");
  });
  it("matches needs the whole string to match", () => {
    assert.equal(s("$s.matches('Hello.*') $s.matches('World')"), "true false");
  });
  it("split takes a regex and drops trailing empty strings", () => {
    assert.equal(render("#set($s = 'a,b,,c,,')#set($p = $s.split(','))$p.size() $p $p[3]"), "4 [a, b, , c] c");
    assert.equal(render("#set($x = 'a1b22c')$x.split('\\d+') $x.split('\\d', 2)"), "[a, b, c] [a, b22c]");
  });
  it("a string's property-style length is not a Java property", () => {
    assert.equal(render("#set($s = 'abc')[$s.length]"), "[]");
  });
  it("an unknown method yields null", () => {
    assert.equal(render("#set($s = 'abc')[$s.noSuchMethod()]"), "[]");
  });
});

describe("maps and lists", () => {
  it("#set of map literals keeps insertion order; get, put, keySet, values, size, isEmpty, containsKey", () => {
    assert.equal(render("#set($m = {'b': 1, 'a': 'x'})$m $m.get('a') $m.b $m['b'] $m.keySet() $m.values() $m.size() $m.isEmpty() $m.containsKey('a')"), "{b=1, a=x} x 1 1 [b, a] [1, x] 2 false true");
  });
  it("put returns the previous value and #set writes through to the map", () => {
    assert.equal(render("#set($m = {})$m.put('k', 'v')|$m.put('k', 'w')|#set($m.z = 3)#set($m['y'] = 4)$m"), "|v|{k=w, z=3, y=4}");
  });
  it("entrySet gives entries with key and value", () => {
    assert.equal(render("#set($m = {'a': 1, 'b': 2})#foreach($e in $m.entrySet())$e.key=$e.value,$e.getKey()#end"), "a=1,ab=2,b");
  });
  it("#set of list literals; add returns true; get, size, contains, isEmpty, index", () => {
    assert.equal(render("#set($l = ['x', 2])$l.add('y') $l $l.get(0) $l[1] $l[-1] $l.size() $l.contains(2) $l.isEmpty()"), "true [x, 2, y] x 2 y 3 true false");
  });
  it("a list index out of range aborts the render", () => {
    assert.throws(() => render("#set($l = [1])$l.get(3)"), isError("TemplateRender"));
  });
  it("void methods render nothing", () => {
    assert.equal(render("#set($l = [1])[$l.clear()]$l"), "[][]");
  });
});

describe("#if / #elseif / #else", () => {
  it("takes the first true branch", () => {
    const t = "#foreach($n in [1, 5, 9])#if($n < 3)low#elseif($n < 7)mid#{else}high#end #end";
    assert.equal(render(t.replace("#{else}", "#else\n")), "low mid high ");
  });
  it("treats only null and false as false: empty strings and 0 are true", () => {
    assert.equal(render("#if('')a#end#if(0)b#end#if($nope)c#end#if(false)d#end#if(!$nope)e#end"), "abe");
  });
  it("combines with &&, ||, ! and parentheses (and, or, not)", () => {
    assert.equal(render("#set($a = 2)#if(($a > 1 && $a < 3) || $nope)x#end#if($a > 1 and !($a == 2))y#end#if(not $nope)z#end"), "xz");
  });
  it("compares numbers by value and other types by their string form", () => {
    assert.equal(render("#set($n = 5)#if($n == 5)a#end#if($n == '5')b#end#if('x' != 'y')c#end#if($nope == $nope2)d#end#if($n == $nope)e#end"), "abcd");
  });
  it("orders only numbers", () => {
    assert.equal(render("#if('b' > 'a')x#else\ny#end"), "y");
  });
});

describe("#foreach", () => {
  it("offers $foreach.hasNext, count, index, first, last and $velocityCount", () => {
    assert.equal(render("#foreach($i in ['a', 'b', 'c'])$foreach.index$foreach.count$velocityCount$i#if($foreach.first)F#end#if($foreach.last)L#end#if($foreach.hasNext),#end#end"), "011aF,122b,233cL");
  });
  it("iterates ranges in both directions and a map's values", () => {
    assert.equal(render("#foreach($i in [3..1])$i#end #set($m = {'a': 1, 'b': 2})#foreach($v in $m)$v#end"), "32112");
  });
  it("#break leaves the innermost loop at once", () => {
    assert.equal(render("#foreach($i in [1..3])#foreach($j in [1..3])#if($j == 2)#break#end$i$j #end|#end"), "11 |21 |31 |");
  });
  it("does not iterate null, strings or numbers", () => {
    assert.equal(render("#set($s = 'abc')#set($n = 5)#foreach($x in $nope)a#end#foreach($x in $s)b#end#foreach($x in $n)c#end."), ".");
  });
  it("restores the loop variable's scope after the loop", () => {
    assert.equal(render("#foreach($i in [1])#end[$i]"), "[]");
  });
});

describe("#set", () => {
  it("keeps the old value when the new one is null (Velocity 1.7)", () => {
    assert.equal(render("#set($a = 'old')#set($a = $nope)$a"), "old");
  });
  it("evaluates double-quoted strings and keeps single-quoted ones literal", () => {
    assert.equal(render("#set($n = 'x')#set($a = \"v=$n\")#set($b = 'v=$n')$a $b"), "v=x v=$n");
  });
  it("does not create missing intermediate objects", () => {
    assert.equal(render("#set($nope.a = 1)[$nope]"), "[]");
  });
  it("swallows the whitespace before it and the newline after it", () => {
    assert.equal(render("a\n  #set($x = 1)\nb"), "a\nb");
  });
});

describe("arithmetic and concatenation", () => {
  it("uses integer arithmetic for integers", () => {
    assert.equal(render("#set($a = 7 / 2)#set($b = -7 / 2)#set($c = 7 % 3)#set($d = 2 * 3 + 1)#set($e = 10 - 15)$a $b $c $d $e"), "3 -3 1 7 -5");
  });
  it("uses decimal arithmetic when a decimal is involved", () => {
    assert.equal(render("#set($a = 7.0 / 2)#set($b = 1.5 * 2.5)$a $b"), "3.5 3.75");
  });
  it("yields null for division by zero and for non-numbers", () => {
    assert.equal(render("#set($a = 1)#set($a = 5 / 0)#set($b = 'x' * 2)$a [$b]"), "1 []");
  });
  it("concatenates with + when either side is a string", () => {
    assert.equal(render("#set($a = 'n' + 1)#set($b = 1 + 2 + 'x')#set($c = 'v' + $nope)$a $b $c"), "n1 3x v$nope");
  });
  it("concatenates by juxtaposition", () => {
    assert.equal(render("#set($a = 'x')#set($b = \"${a}_$a\")$b"), "x_x");
  });
});

describe("macros, #stop, comments", () => {
  it("defines and calls macros with arguments", () => {
    assert.equal(render("#macro(pair $k $v)\"$k\": \"$v\"#end{#pair('a' 1), #pair('b', 'two')}"), '{"a": "1", "b": "two"}');
  });
  it("limits macro recursion", () => {
    assert.throws(() => render("#macro(r)#r()#end#r()"), isError("TemplateRender"));
  });
  it("#stop ends the output, with or without parentheses", () => {
    assert.equal(render("a#stop()b"), "a");
    assert.equal(render("a\n#stop\nb"), "a\n");
  });
  it("drops comments", () => {
    assert.equal(render("a## line comment\nb#* block\ncomment *#c"), "abc");
  });
  it("refuses #include and #parse", () => {
    assert.throws(() => render("#include('x')"), isError("TemplateRender"));
    assert.throws(() => render("#parse('x')"), isError("TemplateRender"));
  });
});

describe("errors", () => {
  it("reports invalid VTL as TemplateSyntax", () => {
    assert.throws(() => render("#if($a"), isError("TemplateSyntax"));
    assert.throws(() => render("#foreach($a in)#end"), isError("TemplateSyntax"));
  });
  it("bounds output size", () => {
    assert.throws(() => render("#set($s = 'xxxxxxxxxx')#foreach($i in [1..30])#set($s = \"$s$s\")#end$s"), isError("TemplateRender"));
  });
  it("bounds range literals", () => {
    assert.throws(() => render("#foreach($i in [1..100000000])#end"), isError("TemplateRender"));
  });
});
