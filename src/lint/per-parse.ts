/**
 * What a helper derives from a whole parsed Dockerfile, kept per parse: every rule asks for the same RUN lists,
 * scripts and install requests, and on a 10 MB Dockerfile recomputing them once per rule was most of the lint
 * time. A parse is never changed after it is made, so the cached value stays true. Per parse, not per
 * instruction: a WeakMap of 370,000 instructions cost the garbage collector more than it saved.
 */
export function perParse<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
