// Where GetFunction's Code.Location and GetLayerVersion's Content.Location point: Nimbus serves
// the stored zips itself (AWS answers a presigned S3 URL valid for 10 minutes).
//   GET /_nimbus/lambda/code/<account>/<region>/<function>/<version>
//   GET /_nimbus/lambda/layer/<account>/<region>/<layer>/<version>
import type { HttpResponse } from "../../aws/http.js";
import type { InternalRoute } from "../../edge/env.js";

/** What the route needs from the Lambda provider. */
export interface CodeArchives {
  functionCode(accountId: string, region: string, functionName: string, version: string): Promise<Buffer | undefined>;
  layerCode(accountId: string, region: string, layerName: string, version: number): Promise<Buffer | undefined>;
}

const PATH = /^\/_nimbus\/lambda\/(code|layer)\/(\d{12})\/([a-z0-9-]+)\/([^/]+)\/([^/]+)$/;

export const lambdaCodeRoute: InternalRoute = {
  name: "lambda-code",
  matches: (req) => (req.method === "GET" || req.method === "HEAD") && PATH.test(req.path),
  async handle(req, env): Promise<HttpResponse> {
    const [, kind, account, region, rawName, rawVersion] = PATH.exec(req.path)!;
    const name = decodeURIComponent(rawName!);
    const version = decodeURIComponent(rawVersion!);
    const lambda = (await env.services.get("lambda")) as unknown as CodeArchives | undefined;
    const zip =
      kind === "code"
        ? await lambda?.functionCode(account!, region!, name, version)
        : /^\d+$/.test(version) ? await lambda?.layerCode(account!, region!, name, Number(version)) : undefined;
    if (!zip) {
      return { status: 404, headers: { "content-type": "application/xml" }, body: "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>" };
    }
    return {
      status: 200,
      headers: { "content-type": "application/zip", "content-length": String(zip.length) },
      ...(req.method === "HEAD" ? {} : { body: zip }),
    };
  },
};
