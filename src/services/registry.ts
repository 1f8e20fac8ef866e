// Every service Nimbus has a provider for. A service whose model is vendored but that has no
// provider here still answers: every operation returns NotImplemented.
import { lambdaService } from "./lambda/provider.js";
import { stsService } from "./sts/provider.js";
import type { ServiceDefinition } from "./types.js";

export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [lambdaService, stsService];
