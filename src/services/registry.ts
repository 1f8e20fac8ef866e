// Every service Nimbus has a provider for. A service whose model is vendored but that has no
// provider here still answers: every operation returns NotImplemented.
import { dynamodbService } from "./dynamodb/provider.js";
import { dynamodbStreamsService } from "./dynamodb/streams-provider.js";
import { stsService } from "./sts/provider.js";
import type { ServiceDefinition } from "./types.js";

export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [stsService, dynamodbService, dynamodbStreamsService];
