// Throughput ratios between targets measured in alternating rounds. On a shared 2-core VM the
// same server's requests/s moves by ±30% between runs a minute apart (steal time, neighbours),
// so a ratio of two single runs says little: the harness runs the target list several times
// (`--repeat`), pairs the i-th run of one target with the i-th run of the other (measured close
// together in time) and reports every pair's ratio, their median, and the ratio of medians.
import { percentile } from "./stats.js";

export interface RoundFigure {
  target: string;
  /** Requests (or invokes) per second; NaN when the run failed. */
  perSecond: number;
}

export interface RatioRow {
  numerator: string;
  denominator: string;
  /** numerator/denominator of the i-th runs of each, for every i both have. */
  perRound: number[];
  medianOfRatios: number;
  ratioOfMedians: number;
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

/** `numerator`'s figures against each other target's, round by round. */
export function ratiosAgainst(figures: readonly RoundFigure[], numerator: string): RatioRow[] {
  const byTarget = new Map<string, number[]>();
  for (const f of figures) {
    if (!Number.isFinite(f.perSecond)) continue;
    const list = byTarget.get(f.target) ?? [];
    list.push(f.perSecond);
    byTarget.set(f.target, list);
  }
  const top = byTarget.get(numerator);
  if (!top) return [];
  const rows: RatioRow[] = [];
  for (const [target, values] of byTarget) {
    if (target === numerator) continue;
    const n = Math.min(top.length, values.length);
    const perRound = Array.from({ length: n }, (_, i) => top[i]! / values[i]!);
    rows.push({ numerator, denominator: target, perRound, medianOfRatios: median(perRound), ratioOfMedians: median(top) / median(values) });
  }
  return rows;
}

/** Rows for printTable: "A / B", each round's ratio, median of ratios, ratio of medians. */
export function ratioTableRows(rows: readonly RatioRow[]): string[][] {
  return rows.map((r) => [`${r.numerator} / ${r.denominator}`, r.perRound.map((x) => x.toFixed(2)).join(", "), r.medianOfRatios.toFixed(2), r.ratioOfMedians.toFixed(2)]);
}

export const RATIO_HEADERS = ["pair", "per round", "median of the rounds' ratios", "ratio of medians"] as const;
