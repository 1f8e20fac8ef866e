// What a conformance scenario can do: call Lambda as botocore would see it, and record answers
// under the keys the AWS snapshot uses. Scenarios replay the steps of LocalStack's Lambda tests
// (the recorded AWS answers are the oracle; the steps are re-stated here, not copied).
import yazl from "yazl";
import type { BotoLikeLambda, Recorded } from "./client.js";

export interface Scenario {
  readonly account: string;
  readonly region: string;
  readonly role: string;
  call(operation: string, input?: Record<string, unknown>): Promise<Recorded>;
  record(key: string, value: unknown): void;
  /** A function name unique to this run. */
  name(prefix?: string): string;
  /** A deterministic zip per tag (different tags, different CodeSha256). */
  zip(tag?: string): Promise<Buffer>;
  /** A zip of the given files. */
  zipOf(files: Record<string, string>): Promise<Buffer>;
  arn(name: string, qualifier?: string): string;
  /** LocalStack's create_lambda_function fixture: python3.12, handler.handler, 30 s, 128 MB, empty Environment. */
  fixture(name: string, extra?: Record<string, unknown>): Promise<Recorded>;
  /** A paginator's build_full_result: every page's list concatenated, no metadata. */
  paginate(operation: string, input: Record<string, unknown>, listKey: string, pageSize: number): Promise<Recorded>;
}

export type ScenarioFn = (s: Scenario) => Promise<void>;

export function makeScenario(lambda: BotoLikeLambda, account: string, region: string, recorded: Map<string, unknown>, runId: string): Scenario {
  let counter = 0;
  const zips = new Map<string, Buffer>();
  const s: Scenario = {
    account,
    region,
    role: `arn:aws:iam::${account}:role/lambda-test-role`,
    call: (op, input = {}) => lambda.call(op, input),
    record: (key, value) => recorded.set(key, value),
    name: (prefix = "fn") => `${prefix}-${runId}${++counter}`,
    async zip(tag = "echo") {
      let zip = zips.get(tag);
      if (!zip) zips.set(tag, (zip = await buildZip({ "handler.py": `# ${tag}\ndef handler(event, context):\n    return event\n` })));
      return zip;
    },
    zipOf: (files) => buildZip(files),
    arn: (name, qualifier) => `arn:aws:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ""}`,
    async fixture(name, extra = {}) {
      const out = await lambda.call("CreateFunction", {
        FunctionName: name,
        Handler: "handler.handler",
        Runtime: "python3.12",
        Role: s.role,
        Timeout: 30,
        MemorySize: 128,
        Environment: { Variables: {} },
        Code: { ZipFile: await s.zip(name) },
        ...extra,
      });
      return { CreateEventSourceMappingResponse: null, CreateFunctionResponse: out };
    },
    async paginate(op, input, listKey, pageSize) {
      const items: unknown[] = [];
      let marker: string | undefined;
      do {
        const page = await lambda.call(op, { ...input, MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) });
        if (page.Error) return page;
        items.push(...((page[listKey] as unknown[]) ?? []));
        marker = page.NextMarker as string | undefined;
      } while (marker);
      return { [listKey]: items };
    },
  };
  return s;
}

function buildZip(files: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name, { mtime: new Date(Date.UTC(2024, 0, 1)) });
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** A response without its metadata (what LocalStack's tests snapshot after stripping it). */
export function withoutMetadata(r: Recorded): Recorded {
  const { ResponseMetadata, ...rest } = r;
  return rest;
}
