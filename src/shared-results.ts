/**
 * Results worked out once per distinct key and shared by every equal key: generated and repeated Dockerfiles
 * say `RUN apt-get update` thousands of times. The map is a bet that keys repeat. Where they do not (a file of
 * all-different lines) it would only cost memory and hashing, so it is dropped when the first 10,000 lookups
 * found fewer than 1,000 repeats, and it stops growing at 50,000 keys. Shared results must not be changed:
 * freeze them. A result no later lookup can share (the map dropped or full) may be made otherwise, by
 * `makeAlone`: one that keeps less, since nothing else reuses it.
 */
export class SharedResults<T> {
  private known: Map<string, T> | undefined = new Map();
  private lookups = 0;
  private repeats = 0;

  constructor(
    private readonly make: (key: string) => T,
    private readonly makeAlone: (key: string) => T = make,
  ) {}

  get(key: string): T {
    const known = this.known;
    if (!known) return this.makeAlone(key);
    if (++this.lookups === PROBE_LOOKUPS && this.repeats < PROBE_REPEATS) this.known = undefined;
    if (known.has(key)) {
      this.repeats++;
      return known.get(key) as T;
    }
    if (known.size >= MAX_KEYS) return this.makeAlone(key);
    const result = this.make(key);
    known.set(key, result);
    return result;
  }
}

const PROBE_LOOKUPS = 10_000;
const PROBE_REPEATS = 1_000;
const MAX_KEYS = 50_000;
