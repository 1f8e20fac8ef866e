// ApiKey: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateApiKey.html
// Keys are account+region wide; their value (20..128 characters, 40 generated when absent)
// is what clients send in x-api-key, so values are unique. Reads show the value only when
// asked (includeValue/includeValues). Messages as recorded (TestApigatewayApiKeysCrud).
import type { RequestContext } from "../../aws/context.js";
import type {
  ApiKey,
  ApiKeyIds,
  ApiKeys,
  CreateApiKeyRequest,
  DeleteApiKeyRequest,
  GetApiKeyRequest,
  GetApiKeysRequest,
  ImportApiKeysRequest,
  StageKey,
  UpdateApiKeyRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { cloneJson } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { newApiKeyId, newApiKeyValue } from "./ids.js";
import { tagsField, type TagsPresence } from "./outputs.js";
import { paginate } from "./pagination.js";
import { checkTablePath, parseBool } from "./patch-operations.js";
import type { ApiKeyRecord, Scope } from "./records.js";

const UPDATE_PATHS = {
  replace: ["/description", "/enabled", "/name", "/customerId"],
  add: ["/stages"],
  remove: ["/stages"],
} as const;

export class ApiKeyOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateApiKeyRequest): Promise<ApiKey> {
    const scope = scopeOf(ctx);
    const key = await this.newKey(scope, input);
    await this.deps.usage.insertApiKey(scope, key);
    return apiKeyOutput(key, true, "non-empty");
  }

  async get(ctx: RequestContext, input: GetApiKeyRequest): Promise<ApiKey> {
    const key = await this.requireKey(scopeOf(ctx), input.apiKey);
    return apiKeyOutput(key, input.includeValue ?? false, "always");
  }

  async list(ctx: RequestContext, input: GetApiKeysRequest): Promise<ApiKeys> {
    let keys = await this.deps.usage.listApiKeys(scopeOf(ctx));
    // nameQuery is a case-sensitive prefix match, as recorded.
    if (input.nameQuery) keys = keys.filter((k) => k.name?.startsWith(input.nameQuery!) ?? false);
    if (input.customerId) keys = keys.filter((k) => k.customerId === input.customerId);
    const page = paginate(keys, (k) => k.id, input.position, input.limit);
    return { ...page, items: page.items.map((k) => apiKeyOutput(k, input.includeValues ?? false, "non-empty")) };
  }

  async update(ctx: RequestContext, input: UpdateApiKeyRequest): Promise<ApiKey> {
    const scope = scopeOf(ctx);
    const key = await this.requireKey(scope, input.apiKey);
    for (const op of input.patchOperations ?? []) {
      const path = checkTablePath(op, UPDATE_PATHS);
      const value = op.value ?? "";
      switch (path) {
        case "/description":
          checkDescription(value);
          setOptional(key, "description", value);
          break;
        case "/enabled":
          key.enabled = parseBool(value);
          break;
        case "/name":
          checkName(value);
          setOptional(key, "name", value);
          break;
        case "/customerId":
          setOptional(key, "customerId", value);
          break;
        case "/stages": {
          const [stage] = await this.stageKeys(scope, [parseStageKey(value)]);
          key.stageKeys = key.stageKeys.filter((s) => s !== stage);
          if (op.op === "add") key.stageKeys.push(stage!);
          break;
        }
      }
    }
    key.lastUpdatedDate = this.deps.clock.now();
    await this.deps.usage.saveApiKey(scope, key);
    return apiKeyOutput(key, false, "always");
  }

  async delete(ctx: RequestContext, input: DeleteApiKeyRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requireKey(scope, input.apiKey);
    await this.deps.usage.deleteApiKey(scope, input.apiKey);
  }

  /**
   * ImportApiKeys, CSV format (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-key-file-format.html):
   * a header naming the columns (Key and Name required; Description, Enabled, UsagePlanIds optional).
   */
  async import(ctx: RequestContext, input: ImportApiKeysRequest): Promise<ApiKeyIds> {
    const scope = scopeOf(ctx);
    const rows = parseCsv(input.body.toString("utf8"));
    const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
    const col = (name: string) => header.indexOf(name);
    if (col("key") < 0 || col("name") < 0) throw badRequest("Invalid API keys file: the header must name the Key and Name columns");
    const warnings: string[] = [];
    // Every row is checked before any is stored, so failOnWarnings imports all or nothing.
    const accepted: { key: ApiKeyRecord; planIds: string[] }[] = [];
    for (const [i, row] of rows.entries()) {
      if (row.every((c) => c.trim() === "")) continue;
      const at = (name: string) => (col(name) >= 0 ? row[col(name)]?.trim() : undefined);
      try {
        const key = await this.newKey(scope, {
          name: at("name"),
          value: at("key"),
          description: at("description") || undefined,
          enabled: at("enabled") === undefined ? true : parseBool(at("enabled")),
        });
        if (accepted.some((a) => a.key.value === key.value)) throw conflict("API Key already exists");
        accepted.push({ key, planIds: (at("usageplanids") ?? "").split(/[;|]/).filter(Boolean) });
      } catch (err) {
        if (input.failOnWarnings) throw err;
        warnings.push(`Line ${i + 2}: ${(err as Error).message}`);
      }
    }
    const ids: string[] = [];
    for (const { key, planIds } of accepted) {
      await this.deps.usage.insertApiKey(scope, key);
      ids.push(key.id);
      for (const planId of planIds) {
        if (await this.deps.usage.getUsagePlan(scope, planId)) await this.deps.usage.addPlanKey(scope, planId, key.id, "API_KEY", key.createdDate);
        else warnings.push(`Invalid usage plan id ${planId} for API key ${key.id}`);
      }
    }
    return { ids, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  private async newKey(scope: Scope, input: CreateApiKeyRequest): Promise<ApiKeyRecord> {
    if (input.name !== undefined) checkName(input.name);
    if (input.description !== undefined) checkDescription(input.description);
    const value = input.value ? input.value : newApiKeyValue();
    if (value.length < 20) throw badRequest("API Key value should be at least 20 characters");
    if (value.length > 128) throw badRequest("API Key value exceeds maximum size of 128 characters");
    if (await this.deps.usage.findApiKeyByValue(scope, value)) throw conflict("API Key already exists");
    const now = this.deps.clock.now();
    const key: ApiKeyRecord = {
      id: newApiKeyId(),
      value,
      enabled: input.enabled ?? false,
      createdDate: now,
      lastUpdatedDate: now,
      stageKeys: await this.stageKeys(scope, input.stageKeys ?? []),
      tags: { ...(input.tags ?? {}) },
    };
    if (input.name) key.name = input.name;
    if (input.description) key.description = input.description;
    if (input.customerId) key.customerId = input.customerId;
    return key;
  }

  /** Stage keys as AWS stores them, "{restApiId}/{stageName}", each naming an existing stage. */
  private async stageKeys(scope: Scope, keys: StageKey[]): Promise<string[]> {
    const out: string[] = [];
    for (const { restApiId, stageName } of keys) {
      if (!restApiId || !stageName || !(await this.deps.store.getStage(scope, restApiId, stageName))) {
        throw badRequest(`Invalid stage key specified: ${restApiId}/${stageName}`);
      }
      out.push(`${restApiId}/${stageName}`);
    }
    return out;
  }

  private async requireKey(scope: Scope, keyId: string): Promise<ApiKeyRecord> {
    const key = await this.deps.usage.getApiKey(scope, keyId);
    if (!key) throw notFound.apiKey();
    return key;
  }
}

export function apiKeyOutput(key: ApiKeyRecord, includeValue: boolean, presence: TagsPresence): ApiKey {
  const { createdDate, lastUpdatedDate, tags, value, ...rest } = cloneJson(key);
  return {
    ...rest,
    ...(includeValue ? { value } : {}),
    createdDate: new Date(createdDate),
    lastUpdatedDate: new Date(lastUpdatedDate),
    ...tagsField(tags, presence),
  };
}

function checkName(name: string): void {
  if (name.length > 1024) throw badRequest("Invalid API Key name, can be at most 1024 characters.");
}

function checkDescription(description: string): void {
  if (description.length > 125) throw badRequest("Invalid API Key description specified.");
}

function setOptional<K extends "name" | "description" | "customerId">(key: ApiKeyRecord, field: K, value: string): void {
  if (value === "") delete key[field];
  else key[field] = value;
}

function parseStageKey(value: string): StageKey {
  const slash = value.indexOf("/");
  return slash < 0 ? { restApiId: value } : { restApiId: value.slice(0, slash), stageName: value.slice(slash + 1) };
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
