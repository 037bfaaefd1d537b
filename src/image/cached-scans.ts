/**
 * The loader's use of the layer cache (src/archive/cache): which layers of a resolved image it already holds,
 * and storing the fresh scans once the loader has verified them.
 */
import type { LayerCache, LayerKey } from '../archive/cache/layer-cache.js';
import { storedDigest } from '../archive/cache/verify-blob.js';
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
  const found = new Map<string, LayerScan>();
  for (const [i, ref] of resolved.layers.entries()) {
    if (found.has(ref.blob) || store.scanned?.(ref.blob)) continue;
    const key = declaredKey(ref, diffIds?.[i]);
    if (!key) continue;
    const scan = await cache.get(key, capture, limits);
    if (!scan) continue;
    if (ref.declaredSize !== undefined && ref.declaredSize !== scan.compressedBytes) continue;
    const range = localRange(store, ref.blob);
    if (range) {
      if (range.length !== scan.compressedBytes) continue;
      const stored = await storedDigest(range).catch(() => undefined);
      if (stored?.digest !== key.digest || stored.bytes !== scan.compressedBytes) continue;
    }
    found.set(ref.blob, scan);
  }
  return found;
}

/** Stores every verified scan that did not come from the cache, under the pair it was verified against. */
export async function storeScans(cache: LayerCache, resolved: ResolvedImage, diffIds: string[] | undefined, scans: LayerScan[],
  fromCache: ReadonlySet<string>, limits: ScanLimits): Promise<void> {
  const stored = new Set<string>();
  for (const [i, ref] of resolved.layers.entries()) {
    const diffId = diffIds?.[i];
    if (!diffId || ref.blob === '' || fromCache.has(ref.blob) || stored.has(ref.blob)) continue;
    stored.add(ref.blob);
    await cache.put({ digest: ref.digest ?? scans[i].compressedDigest, diffId }, scans[i], limits);
  }
}
