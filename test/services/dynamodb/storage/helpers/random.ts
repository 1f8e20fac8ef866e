// A small seeded PRNG so property tests are reproducible: a failure prints its seed.

export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [low, high]. */
  int(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
  readonly seed: number;
}

/** mulberry32: tiny, fast and good enough for test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** The seed for this run: NIMBUS_TEST_SEED when set, else a fixed default. */
export function testSeed(fallback = 20260101): number {
  const fromEnv = process.env.NIMBUS_TEST_SEED;
  return fromEnv ? Number(fromEnv) : fallback;
}
