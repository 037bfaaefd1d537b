/**
 * A small deterministic generator (mulberry32) for the differential tests: the same inputs on every run, so a
 * failure names an input that fails again.
 */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random text from a seeded generator: up to `max` pieces, each picked from `pieces`. */
export function seededPieces(seed: number): (pieces: readonly string[], max: number) => string {
  const next = seededRandom(seed);
  return (pieces, max) => {
    let text = '';
    const count = Math.floor(next() * max);
    for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
    return text;
  };
}
