// Template selection by Content-Type with passthrough behaviours, and integration response selection.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { selectIntegrationResponse, selectResponseTemplate, selectTemplate } from "../../../../src/engines/apigw/mapping/index.js";
import { engine } from "./helpers.js";

const json = { "application/json": "J" };
const two = { "application/json": "J", "application/xml": "X" };

describe("selectTemplate", () => {
  it("picks the template of the request's media type, ignoring parameters and case", () => {
    assert.deepEqual(selectTemplate(two, "Application/XML; charset=utf-8", "NEVER"), { contentType: "application/xml", template: "X" });
  });
  it("assumes application/json without a Content-Type", () => {
    assert.deepEqual(selectTemplate(json, undefined, "NEVER"), { contentType: "application/json", template: "J" });
  });
  it("WHEN_NO_MATCH passes an unmatched payload through", () => {
    assert.deepEqual(selectTemplate(json, "text/plain", "WHEN_NO_MATCH"), { passthrough: true });
    assert.deepEqual(selectTemplate(undefined, "text/plain", "WHEN_NO_MATCH"), { passthrough: true });
  });
  it("WHEN_NO_TEMPLATES passes through only when no template exists, else 415", () => {
    assert.deepEqual(selectTemplate({}, "text/plain", "WHEN_NO_TEMPLATES"), { passthrough: true });
    assert.deepEqual(selectTemplate(json, "text/plain", "WHEN_NO_TEMPLATES"), { unsupportedMediaType: true });
  });
  it("NEVER rejects an unmatched payload with 415, even without templates", () => {
    assert.deepEqual(selectTemplate(json, "text/plain", "NEVER"), { unsupportedMediaType: true });
    assert.deepEqual(selectTemplate(undefined, "text/plain", "NEVER"), { unsupportedMediaType: true });
  });
  it("defaults to WHEN_NO_MATCH", () => {
    assert.deepEqual(selectTemplate(json, "text/plain"), { passthrough: true });
  });
});

describe("selectResponseTemplate", () => {
  it("follows the Accept header, then application/json, then the first template", () => {
    assert.equal(selectResponseTemplate(two, "text/html, application/xml;q=0.9")?.template, "X");
    assert.equal(selectResponseTemplate(two, "*/*")?.template, "J");
    assert.equal(selectResponseTemplate({ "text/html": "H", "application/xml": "X" }, undefined)?.template, "H");
    assert.equal(selectResponseTemplate({}, "application/json"), undefined);
  });
});

describe("selectIntegrationResponse", () => {
  const responses = [
    { statusCode: "200" },
    { statusCode: "405", selectionPattern: ".*400.*" },
    { statusCode: "502", selectionPattern: ".*5\\d\\d.*" },
    { statusCode: "400", selectionPattern: "4\\d{2}" },
  ];
  it("matches a Lambda errorMessage against patterns as a whole (Java Pattern.matches)", () => {
    assert.equal(selectIntegrationResponse(responses, "Error: 400 bad")?.statusCode, "405");
    assert.equal(selectIntegrationResponse(responses, "Error: Raising five hundred 500")?.statusCode, "502");
  });
  it("matches an HTTP status code", () => {
    assert.equal(selectIntegrationResponse(responses, "404")?.statusCode, "400");
    assert.equal(selectIntegrationResponse(responses, "4040")?.statusCode, "200");
  });
  it("falls back to the default response: no pattern, or an empty one", () => {
    assert.equal(selectIntegrationResponse(responses, "201")?.statusCode, "200");
    assert.equal(selectIntegrationResponse(responses, undefined)?.statusCode, "200");
    assert.equal(selectIntegrationResponse([{ statusCode: "204", selectionPattern: "" }], "x")?.statusCode, "204");
  });
  it("does not let . cross a line break, as in Java", () => {
    assert.equal(selectIntegrationResponse([{ statusCode: "500", selectionPattern: "Error.*" }], "Error: a\nb"), undefined);
  });
  it("accepts the API's map shape keyed by status code and ignores invalid patterns", () => {
    const map = { "200": { statusCode: "200" }, "500": { statusCode: "500", selectionPattern: "(" } };
    assert.equal(selectIntegrationResponse(map, "(")?.statusCode, "200");
  });
  it("is also offered by the engine with a pattern cache", () => {
    assert.equal(engine.selectIntegrationResponse(responses, "Error: 400 bad")?.statusCode, "405");
    assert.equal(engine.selectIntegrationResponse(responses, "Error: 400 bad")?.statusCode, "405");
  });
});
