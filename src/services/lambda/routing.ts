// Weighted aliases (https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html#configuring-alias-routing):
// an alias sends each invocation to its additional version with that version's weight and to
// its primary version otherwise.
import type { AliasRecord } from "./types.js";

/** The version one invocation of an alias runs; `r` is uniform in [0, 1). */
export function pickVersion(alias: AliasRecord, r: number): string {
  let threshold = 0;
  for (const [version, weight] of Object.entries(alias.additionalVersionWeights ?? {})) {
    threshold += weight;
    if (r < threshold) return version;
  }
  return alias.functionVersion;
}
