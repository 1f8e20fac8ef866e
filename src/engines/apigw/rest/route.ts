// The execute-api internal route, loaded lazily: recognising an invoke URL needs only string
// checks, so the data plane itself (mapping engine, JSON Schema, JWT libraries) is imported on
// the first execute-api request, and a node that serves none never pays for it.
import type { HttpRequest } from "../../../aws/http.js";
import type { InternalRoute } from "../../../edge/env.js";
import type { RestApiTester } from "../../../services/apigateway/test-invoke-port.js";
import { cannotBeCustomDomain } from "./custom-domains.js";
import type { RestDataPlane } from "./data-plane.js";
import { hostName, invokeTarget } from "./invoke-url.js";

export class LazyRestApis {
  private loading?: Promise<RestDataPlane>;
  private loaded?: RestDataPlane;

  constructor(private readonly load: () => Promise<RestDataPlane>) {}

  /** The data plane, built on first use. */
  plane(): Promise<RestDataPlane> {
    this.loading ??= this.load().then((plane) => (this.loaded = plane));
    this.loading.catch(() => (this.loading = undefined));
    return this.loading;
  }

  /** TestInvokeMethod / TestInvokeAuthorizer: the data plane's test runner, loaded with it. */
  async tester(): Promise<RestApiTester> {
    const [plane, { RestApiTestInvoker }] = await Promise.all([this.plane(), import("./test-invoke.js")]);
    return new RestApiTestInvoker(plane.deps);
  }

  matches(req: HttpRequest): boolean | Promise<boolean> {
    if (invokeTarget(req)) return true;
    if (cannotBeCustomDomain(hostName(req))) return false;
    return this.plane().then((plane) => plane.matches(req));
  }

  route(): InternalRoute {
    return {
      name: "apigateway-rest",
      matches: (req) => this.matches(req),
      handle: (req, _env, exchange) => (this.loaded ? this.loaded.handle(req, exchange) : this.plane().then((plane) => plane.handle(req, exchange))),
    };
  }

  close(): void {
    this.loaded?.close();
  }
}
