/**
 * The loader's use of the layer cache (src/archive/cache): which layers of a resolved image it already holds,
 * and storing the fresh scans once the loader has verified them.
 */
import type { LayerCache, LayerKey } from '../archive/cache/layer-cache.js';
import { storedDigests } from '../archive/cache/verify-blob.js';
import type { CapturePredicate, LayerScan, ScanLimits } from '../archive/layer-scan.js';
import type { ArchiveStore, FileRange } from '../archive/store.js';
import type { LayerRef, ResolvedImage } from '../archive/formats/resolved.js';

/**
 * The cache key a layer's declarations vouch for: the manifest's digest and the config's diff_id. An old
 * docker save declares no digest; its layers are uncompressed tars, whose digest is their diff_id.
 */
function declaredKey(ref: LayerRef, diffId: string | undefined): LayerKey | undefined {
  if (!diffId || ref.blob === '') return undefined;
  return { digest: ref.digest ?? diffId, diffId };
}

/**
 * An uncompressed layer (its digest is its diff_id) is not worth an entry: a local hit has to hash its bytes,
 * and that one sha256 is what its scan costs (measured: a warm read of the 2.7 GB plain bench image was slower
 * than a scan). Compressed layers are: a hit skips decompressing, hashing the tar and parsing it.
 */
const worthCaching = (key: LayerKey) => key.digest !== key.diffId;

function localRange(store: ArchiveStore, blob: string): FileRange | undefined {
  try { return store.locate(blob); } catch { return undefined; }
}

/**
 * The cached scans of this image's layers (by blob name) that the declarations vouch for. A local blob is
 * still hashed (not decoded): only bytes that hash to the declared digest are taken to be the cached layer.
 * A layer with no local bytes (a registry's) is not fetched at all: it is asked for by the digest of a
 * manifest whose own digest was checked, and that digest is the key of an entry verified when it was written.
 * Layers the store already scanned (an engine's stream) are left to it.
 */
export async function cachedScans(cache: LayerCache, store: ArchiveStore, resolved: ResolvedImage, diffIds: string[] | undefined,
  capture: CapturePredicate | undefined, limits: ScanLimits): Promise<Map<string, LayerScan>> {
  const candidates: { blob: string; key: LayerKey; scan: LayerScan; range?: FileRange }[] = [];
  for (const [i, ref] of resolved.layers.entries()) {
    if (candidates.some((c) => c.blob === ref.blob) || store.scanned?.(ref.blob)) continue;
    const key = declaredKey(ref, diffIds?.[i]);
    if (!key || !worthCaching(key)) continue;
    const scan = await cache.get(key, capture, limits);
    if (!scan) continue;
    if (ref.declaredSize !== undefined && ref.declaredSize !== scan.compressedBytes) continue;
    const range = localRange(store, ref.blob);
    if (range && range.length !== scan.compressedBytes) continue;
    candidates.push({ blob: ref.blob, key, scan, range });
  }
  const local = candidates.filter((c) => c.range);
  const digests = await storedDigests(local.map((c) => c.range!));
  const refused = new Set(local.filter((c, i) => digests[i]?.digest !== c.key.digest || digests[i]?.bytes !== c.scan.compressedBytes));
  return new Map(candidates.filter((c) => !refused.has(c)).map((c) => [c.blob, c.scan]));
}

/** Stores every verified scan that did not come from the cache, under the pair it was verified against. */
export async function storeScans(cache: LayerCache, resolved: ResolvedImage, diffIds: string[] | undefined, scans: LayerScan[],
  fromCache: ReadonlySet<string>, limits: ScanLimits): Promise<void> {
  const stored = new Set<string>();
  for (const [i, ref] of resolved.layers.entries()) {
    const diffId = diffIds?.[i];
    if (!diffId || ref.blob === '' || fromCache.has(ref.blob) || stored.has(ref.blob)) continue;
    stored.add(ref.blob);
    const key = { digest: ref.digest ?? scans[i].compressedDigest, diffId };
    if (worthCaching(key)) await cache.put(key, scans[i], limits);
  }
}

/**
 * Whether every layer's stored bytes hash to what the manifest declares (its digest; an old docker save
 * declares none and stores the tar itself, whose digest is the diff_id) and have the declared size. Only the
 * blob is hashed: for a compressed layer the diff_id is taken on the word of whoever verified that pair
 * before (a cache entry keyed by it), as for the layer cache. False when a blob is not local.
 */
export async function storedLayersMatch(store: ArchiveStore, resolved: ResolvedImage, diffIds: string[] | undefined): Promise<boolean> {
  const blobs = [...new Set(resolved.layers.map((ref) => ref.blob))];
  const ranges = blobs.map((blob) => (blob === '' ? undefined : localRange(store, blob)));
  if (ranges.some((range) => range === undefined)) return false;
  const digests = await storedDigests(ranges as FileRange[]);
  const digestOf = new Map(blobs.map((blob, i) => [blob, digests[i]]));
  return resolved.layers.every((ref, i) => {
    const stored = digestOf.get(ref.blob);
    const expected = ref.digest ?? diffIds?.[i];
    return stored !== undefined && expected !== undefined && stored.digest === expected && (ref.declaredSize === undefined || ref.declaredSize === stored.bytes);
  });
}
