// The filter pattern engine against the examples of
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileFilterPattern, FilterPatternError } from "../../../src/services/logs/filter-pattern/index.js";
import { splitFields } from "../../../src/services/logs/filter-pattern/delimited.js";

const matching = (pattern: string, messages: string[]) => messages.filter(compileFilterPattern(pattern));

const rejects = (pattern: string, message = "Invalid filter pattern") =>
  assert.throws(() => compileFilterPattern(pattern), (err: Error) => err instanceof FilterPatternError && err.message === message);

describe("filter patterns: unstructured terms", () => {
  const docs = ["ERROR WARN message", "ERROR message", "WARN message"];

  it("an empty pattern matches every event", () => {
    assert.deepEqual(matching("", docs), docs);
    assert.deepEqual(matching("   ", docs), docs);
  });

  it("a term matches as a case-sensitive substring", () => {
    assert.deepEqual(matching("ERROR", ["[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1", "error lower"]), [
      "[ERROR] A fatal exception has occurred",
      "Exiting with ERRORCODE: -1",
    ]);
  });

  it("several terms must all appear, in any order", () => {
    assert.deepEqual(matching("ERROR WARN", docs), ["ERROR WARN message"]);
    assert.deepEqual(matching("message WARN", docs), ["ERROR WARN message", "WARN message"]);
  });

  it("?terms match when any of them appears", () => {
    assert.deepEqual(matching("?ERROR ?WARN", docs), docs);
    assert.deepEqual(matching("?WARN ?nothing", docs), ["ERROR WARN message", "WARN message"]);
  });

  it("-terms exclude events", () => {
    assert.deepEqual(matching("ERROR -WARN", docs), ["ERROR message"]);
    assert.deepEqual(matching('"ERROR" - "Exiting"', ["[ERROR] fatal", "Exiting with ERRORCODE: -1"]), ["[ERROR] fatal"]);
    assert.deepEqual(matching("-ERROR", docs), ["WARN message"]);
  });

  it("a quoted phrase matches exactly, with any characters", () => {
    const events = ["[WARN] Failed to process the request", "failed to process the request", "Failed to process request"];
    assert.deepEqual(matching('"Failed to process the request"', events), ["[WARN] Failed to process the request"]);
    assert.deepEqual(matching('"user@example.com"', ["login user@example.com ok", "login other"]), ["login user@example.com ok"]);
    assert.deepEqual(matching('"say \\"hi\\""', ['they say "hi"', "say hi"]), ['they say "hi"']);
  });

  it("%regex% terms", () => {
    assert.deepEqual(matching("%ERROR|WARN%", ["ERROR x", "WARN y", "INFO z"]), ["ERROR x", "WARN y"]);
    assert.deepEqual(matching("%^INFO%", ["INFO a", "x INFO"]), ["INFO a"]);
    rejects("%(a|b)%"); // sub-patterns are not supported
    rejects("%something!%");
  });

  it("unquoted terms may hold only letters, digits and underscores", () => {
    rejects("email@domain.com", "Invalid character(s) in term '@.'");
    rejects('"unterminated');
    rejects("?");
  });
});

describe("filter patterns: JSON", () => {
  const cloudTrail = JSON.stringify({
    eventType: "UpdateTrail",
    sourceIPAddress: "111.111.111.111",
    arrayKey: ["value", "another value"],
    objectList: [
      { name: "a", id: 1 },
      { name: "b", id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
  });
  const m = (pattern: string, message = cloudTrail) => compileFilterPattern(pattern)(message);

  it("matches the documented CloudTrail examples", () => {
    assert.equal(m('{ $.eventType = "UpdateTrail" }'), true);
    assert.equal(m("{ $.eventType = UpdateTrail }"), true);
    assert.equal(m('{ $.eventType = "DeleteTrail" }'), false);
    assert.equal(m("{ $.sourceIPAddress != 123.123.* }"), true);
    assert.equal(m("{ $.sourceIPAddress = 111.111.* }"), true);
    assert.equal(m('{ $.arrayKey[0] = "value" }'), true);
    assert.equal(m("{ $.objectList[1].id = 2 }"), true);
    assert.equal(m("{ $.SomeObject IS NULL }"), true);
    assert.equal(m("{ $.SomeOtherObject NOT EXISTS }"), true);
    assert.equal(m("{ $.eventType NOT EXISTS }"), false);
    assert.equal(m("{ $.ThisFlag IS TRUE }"), true);
    assert.equal(m("{ $.ThisFlag IS FALSE }"), false);
  });

  it("wildcards only at the start or the end of a string", () => {
    assert.equal(m("{ $.eventType = *Trail }"), true);
    assert.equal(m("{ $.eventType = Update* }"), true);
    assert.equal(m("{ $.eventType = Up*Trail }"), false);
    assert.equal(m('{ $.x = "Ev*ent" }', '{"x":"Ev*ent"}'), true);
    assert.equal(m("{ $.latency = * }", '{"latency": 12}'), true);
    assert.equal(m("{ $.latency = * }", '{"other": 12}'), false);
  });

  it("numeric comparisons", () => {
    const e = '{"latency": 150, "numbers": [5, 0.001], "errorCode": 400, "processes": [{},{},{},{},{"averageRuntime": 55.5}]}';
    assert.equal(m("{ $.latency >= 150 }", e), true);
    assert.equal(m("{ $.latency > 150 }", e), false);
    assert.equal(m("{ $.latency > +100 }", e), true);
    assert.equal(m("{ $.numbers[0] < 10e3 }", e), true);
    assert.equal(m("{ $.numbers[1] < 10e-3 }", e), true);
    assert.equal(m("{ $.processes[4].averageRuntime <= 55.5 }", e), true);
    assert.equal(m("{ $.errorCode = 400 }", e), true);
    assert.equal(m("{ $.errorCode != 500 }", e), true);
    assert.equal(m("{ $.missing != 500 }", e), false);
  });

  it("a selector reaching an object or an array matches neither = nor !=", () => {
    const e = '{"users": [1, 2, 3]}';
    assert.equal(m("{ $.users = 1 }", e), false);
    assert.equal(m("{ $.users != 1 }", e), false);
  });

  it("compound conditions: parentheses, then &&, then ||", () => {
    const e = JSON.stringify({
      user: { id: 1, email: "John.Stiles@example.com" },
      users: [
        { id: 2, email: "John.Doe@example.com" },
        { id: 3, email: "Jane.Doe@example.com" },
      ],
      actions: ["GET", "PUT", "DELETE"],
      coordinates: [
        [0, 1, 2],
        [4, 5, 6],
        [7, 8, 9],
      ],
    });
    assert.equal(m('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', e), true);
    assert.equal(m('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', e), false);
    assert.equal(m('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', e), true);
    assert.equal(m('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', e), false);
    assert.equal(m("{ $.coordinates[1][2] = 6 }", e), true);
  });

  it("level and latency filters as applications write them", () => {
    const events = ['{"level":"ERROR","latency":250}', '{"level":"INFO","latency":20}', '{"level":"ERROR","latency":20}', "ERROR not json"];
    assert.deepEqual(matching('{ $.level = "ERROR" }', events), [events[0], events[2]]);
    assert.deepEqual(matching("{ $.latency > 100 }", events), [events[0]]);
    assert.deepEqual(matching('{ $.level = "ERROR" && $.latency > 100 }', events), [events[0]]);
    assert.deepEqual(matching('{ $.level = "INFO" || $.latency > 100 }', events), [events[0], events[1]]);
    assert.deepEqual(matching("{ $.level = %ERR% }", events), [events[0], events[2]]);
  });

  it("refuses malformed JSON patterns", () => {
    rejects("{ $.a = 1", "If a filter pattern starts with '{' it must end with '}'");
    rejects("{ }");
    rejects("{ a = 1 }");
    rejects("{ $.a = }");
    rejects("{ $.a > abc }");
    rejects("{ ($.a = 1 }");
    rejects("{ $.a = 1 && }");
    rejects("{ $.a IS MAYBE }");
    rejects("{ $.a = %x% || $.b = %y% || $.c = %z% }"); // at most two regular expressions
  });
});

describe("filter patterns: space-delimited", () => {
  const access = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /index.html HTTP/1.0" 404 4355',
  ];

  it("splits fields, keeping [...] and \"...\" whole", () => {
    assert.deepEqual(splitFields(access[0]!), ["127.0.0.1", "-", "frank", "10/Oct/2000:13:25:15 -0700", "GET /apache_pb.gif HTTP/1.0", "200", "1534"]);
  });

  it("named fields must match the number of fields", () => {
    assert.deepEqual(matching("[ip, user, username, timestamp, request, status_code, bytes]", access), access);
    assert.deepEqual(matching("[ip, user, username, timestamp, request, status_code]", access), []);
  });

  it("ellipses stand for any number of fields", () => {
    assert.deepEqual(matching("[..., status_code, bytes]", access), access);
    assert.deepEqual(matching("[ip, user, ..., status_code, bytes]", access), access);
    assert.deepEqual(matching("[ip, user, ...]", access), access);
    assert.deepEqual(matching("[..., ..., bytes]", access), access);
  });

  it("conditions on fields", () => {
    assert.deepEqual(matching("[ip, user, username, timestamp, request, status_code, bytes > 5000]", access), [access[1]]);
    assert.deepEqual(matching("[ip, user, username, timestamp, request, status_code = 200, bytes]", access), [access[0]]);
    assert.deepEqual(matching("[ip, user, username, timestamp, request, status_code = 4*, bytes]", access), [access[2]]);
    assert.deepEqual(matching("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", access), [access[2]]);
    assert.deepEqual(matching("[..., request=*.html*, status_code=4*, bytes,]", access), [access[2]]);
    assert.deepEqual(matching("[..., status_code != 200 && status_code != 404, bytes]", access), [access[1]]);
    assert.deepEqual(matching("[..., status_code = 200 || status_code = 404, bytes]", access), [access[0], access[2]]);
    assert.deepEqual(matching("[ip = %127\\.0\\.0\\.1%, ...]", access), access);
  });

  it("OR conditions on the first word", () => {
    const events = ["ERROR WARN message", "ERROR message", "WARN message"];
    assert.deepEqual(matching("[w1=ERROR, w2]", events), ["ERROR message"]);
    assert.deepEqual(matching("[w1=ERROR || w1=WARN, w2]", events), ["ERROR message", "WARN message"]);
  });

  it("refuses malformed space-delimited patterns", () => {
    rejects("[a, b", "If a filter pattern starts with '[' it must end with ']'");
    rejects("[]");
    rejects("[a = ]");
    rejects("[a, b = 1 && c = 2]"); // a condition names another field
    rejects("[a > x]");
  });
});
