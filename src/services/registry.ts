// Every service Nimbus has a provider for, loaded on its first request. A service whose model
// is vendored but that has no provider here still answers: every operation returns NotImplemented.
import type { LazyServiceDefinition } from "./types.js";

export const SERVICE_DEFINITIONS: readonly LazyServiceDefinition[] = [
  { name: "sts", load: async () => (await import("./sts/provider.js")).stsService },
  { name: "logs", load: async () => (await import("./logs/provider.js")).logsService },
  { name: "lambda", load: async () => (await import("./lambda/provider.js")).lambdaService },
  { name: "apigateway", load: async () => (await import("./apigateway/provider.js")).apiGatewayService },
  { name: "dynamodb", load: async () => (await import("./dynamodb/provider.js")).dynamodbService },
  { name: "dynamodbstreams", load: async () => (await import("./dynamodb/streams-provider.js")).dynamodbStreamsService },
];
