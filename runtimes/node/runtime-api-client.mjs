// The Runtime API client of Nimbus's Node.js runtime: one keep-alive connection to the
// environment's listener (AWS_LAMBDA_RUNTIME_API), as the AWS runtime keeps one. Used when Nimbus
// did not pass its private channel (runtime-channel.mjs, same interface), e.g. behind an exec wrapper.
import { Agent, request } from "node:http";

const API = "/2018-06-01/runtime";

export class RuntimeApiClient {
  constructor(address) {
    const colon = address.lastIndexOf(":");
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
    this.agent = new Agent({ keepAlive: true, maxSockets: 1 });
  }

  call(method, path, body, headers) {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, path, method, agent: this.agent, headers },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Warm pool: the function's environment and folder, as JSON text. */
  async specialize() {
    const res = await this.call("GET", "/_nimbus/specialize");
    if (res.status !== 200) throw new Error(`specialisation refused: ${res.status}`);
    return res.body.toString("utf8");
  }

  /** The next invocation: { requestId, deadlineMs, invokedFunctionArn, traceId, clientContext, cognitoIdentity, payload }. */
  async next() {
    const { status, headers, body } = await this.call("GET", `${API}/invocation/next`);
    if (status !== 200) throw new Error(`Runtime API refused /next: ${status} ${body.toString("utf8")}`);
    return {
      requestId: headers["lambda-runtime-aws-request-id"],
      deadlineMs: Number(headers["lambda-runtime-deadline-ms"]),
      invokedFunctionArn: headers["lambda-runtime-invoked-function-arn"],
      traceId: headers["lambda-runtime-trace-id"],
      clientContext: headers["lambda-runtime-client-context"],
      cognitoIdentity: headers["lambda-runtime-cognito-identity"],
      payload: body,
    };
  }

  postResponse(id, text) {
    return this.call("POST", `${API}/invocation/${encodeURIComponent(id)}/response`, text, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
  }

  postError(id, error) {
    const text = JSON.stringify(error);
    return this.call("POST", `${API}/invocation/${encodeURIComponent(id)}/error`, text, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      "Lambda-Runtime-Function-Error-Type": error.errorType ?? "Unknown",
    });
  }

  postInitError(error) {
    const text = JSON.stringify(error);
    return this.call("POST", `${API}/init/error`, text, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      "Lambda-Runtime-Function-Error-Type": error.errorType ?? "Unknown",
    });
  }
}
