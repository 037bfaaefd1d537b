import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import { sniffCompression, type Compression } from '../archive/decompress.js';
import { LayerDataError, defaultScanLimits, scanLayerRange, type CapturePredicate, type LayerScan, type ScanLimits } from '../archive/layer-scan.js';
import { baseCapturePredicate } from './captured-files.js';
import { TarFileStore, type ArchiveStore } from '../archive/store.js';
import { ScanPool } from '../archive/scan-pool.js';
import type { LayerRef, ResolvedImage } from '../archive/formats/resolved.js';
import { platformOfConfig } from '../archive/formats/resolved.js';
import { alignHistory, normalizeConfig } from './config.js';
import type { LayerCache } from '../archive/cache/layer-cache.js';
import { cachedScans, storeScans, storedLayersMatch } from './cached-scans.js';
import type { Image, Layer } from './model.js';

export interface LoadOptions {
  limits?: ScanLimits;
  /** How many layers are read at once; gzip and zstd decode off the main thread, so this uses several cores. */
  concurrency?: number;
  onLayerDone?: (done: number, total: number) => void;
  /** Which files to keep the content of; default: what base-image identification reads. `false`: none. */
  capture?: CapturePredicate | false;
  /** Scan layers in worker threads; default: only when the image is large enough to gain from it. */
  workers?: boolean;
  /** Layer scans kept between runs: a layer it holds (verified as cached-scans.ts says) is not scanned again. */
  cache?: LayerCache;
  /**
   * Reads the layers before the loader does, where they can only be streamed once resolved (a registry);
   * `skip` holds the digests of layers the cache already has, which are not fetched.
   */
  prefetch?(resolved: ResolvedImage, limits: ScanLimits, skip: ReadonlySet<string>): Promise<void>;
  /**
   * `false`: read no layer (from a registry, fetch none), for what needs only the config and history: each
   * layer is what the manifest and config declare, with no entries and sizes as stored.
   */
  readLayers?: boolean;
  /**
   * Asked with the image as declared (no layer read) when every layer is a local blob: `true` when the caller
   * already holds what it needs for exactly these declarations (batch's row cache). The loader then only
   * hashes the stored blobs; when each matches its declared digest it returns the declared image
   * (`layersRead: false`), else it reads the layers as usual, which reports the mismatch. `'unchanged'`: the
   * caller knows these very bytes were verified before and have not changed since (batch compares the
   * archive file's inode, size, mtime and ctime with those it recorded then), so not even the hash is redone.
   */
  verifyOnlyIf?(declared: Image): VerifyOnly | Promise<VerifyOnly>;
}

function storedBytes(store: ArchiveStore, resolved: ResolvedImage): number {
  let total = 0;
  for (const ref of new Set(resolved.layers.map((l) => l.blob))) {
    try { total += ref === '' ? 0 : store.size(ref); } catch { /* a missing blob fails with its own message when scanned */ }
  }
  return total;
}

async function compressionOf(store: ArchiveStore, ref: LayerRef, index: number): Promise<Compression> {
  const head = ref.blob === '' && store instanceof TarFileStore ? await store.archiveHead(512) : await store.readHead(ref.blob, 512);
  const kind = sniffCompression(head);
  if (kind === 'unknown') throw new InputError(`layer ${index} (${ref.blob}) is not a tar, gzip or zstd stream`, store.label);
  return kind;
}

/**
 * Below this many stored bytes in all, worker threads cost more than they save: a worker costs ~0.1 s of CPU
 * to start (its own module load, heap and xxh64 compile) and its entries are copied back, while this thread
 * alone, with zlib inflating in libuv's pool, already keeps two cores busy on a gzip image. Measured on the
 * 188 MB plain / 122 MB gzip bench image (interleaved, load ~3): plain 0.65 → 0.55 s (CPU 0.58 → 0.47 s),
 * gzip 1.07 → 0.98 s and peak RSS 150 → 115 MB without workers.
 */
const WORKER_THRESHOLD_BYTES = 256 * 1024 * 1024;

interface ScanPlan {
  limits: ScanLimits;
  capture?: CapturePredicate;
  /** How many worker threads layers may use; 0: none. Workers rebuild the default capture from the config. */
  poolSize: number;
  pool?: ScanPool;
  captureFromConfig?: Record<string, unknown>;
  /** Whether this thread is scanning an uncompressed layer itself right now (it takes one while the workers take the rest). */
  scanningHere?: boolean;
}

const isExportLayer = (store: ArchiveStore, ref: LayerRef) => ref.blob === '' && store instanceof TarFileStore;

async function scanOne(store: ArchiveStore, ref: LayerRef, index: number, plan: ScanPlan): Promise<LayerScan> {
  const scanned = ref.blob === '' ? undefined : store.scanned?.(ref.blob);
  if (scanned) return scanned;
  const compression = await compressionOf(store, ref, index);
  try {
    const range = isExportLayer(store, ref) ? (store as TarFileStore).archiveRange() : store.locate(ref.blob);
    // Every layer may go to a worker, compressed or not: the worker reads its byte range of the archive itself,
    // inflates (zlib in libuv's thread pool, zstd in its own process) and hashes both digests, so no layer bytes
    // cross threads. On the main thread alone, two gzip layers' sha256 (blob and tar), tar parsing and xxh64 all
    // queued behind one JS thread while inflate ran beside it: the big gzip bench image used ~1.4 of 2 cores.
    if (plan.poolSize > 0) {
      // This thread would otherwise only wait for the workers: it scans one layer at a time itself, which
      // spares a worker's start-up (module load, its own heap) and the copy of that layer's entries back.
      if (!plan.scanningHere) {
        plan.scanningHere = true;
        try {
          return await scanLayerRange(range, compression, plan.limits, plan.capture);
        } finally {
          plan.scanningHere = false;
        }
      }
      plan.pool ??= new ScanPool(plan.poolSize);
      return await plan.pool.scan({ range, compression, limits: plan.limits, captureFromConfig: plan.captureFromConfig });
    }
    return await scanLayerRange(range, compression, plan.limits, plan.capture);
  } catch (error) {
    if (error instanceof LayerDataError) throw new InputError(`layer ${index} (${ref.blob || 'the archive'}): ${error.message}`, store.label);
    throw error;
  }
}

/**
 * Layer indexes, the largest stored blob first: with fewer threads than layers, a big layer started last
 * would leave the other threads idle while it finishes alone (longest-processing-time-first scheduling).
 */
function largestFirst(store: ArchiveStore, resolved: ResolvedImage): number[] {
  const sizes = resolved.layers.map((ref) => {
    try { return ref.blob === '' ? 0 : store.size(ref.blob); } catch { return 0; }
  });
  return sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
}

/**
 * `fn` over `items`, at most `limit` at once, results in the items' order. `order` (indexes of `items`) says
 * which to start first; default: as listed.
 */
export async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>, order?: number[]): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = order ? order[next++] : next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The config's rootfs.diff_ids, each a string. Docker refuses a config without rootfs ("invalid image JSON,
 * no RootFS key") and so do we, except for the formats that have no config of their own (docker export, and
 * an old save whose config comes from a layer's v1 json, which already says so in a note).
 */
function declaredDiffIds(store: ArchiveStore, resolved: ResolvedImage): string[] | undefined {
  const rootfs = resolved.config.rootfs;
  if (resolved.format === 'docker-export' || resolved.format === 'docker-archive-v1') {
    if (rootfs === undefined) return undefined;
  }
  if (typeof rootfs !== 'object' || rootfs === null || Array.isArray(rootfs)) {
    throw new InputError('the image config has no rootfs object (Docker refuses it too)', store.label);
  }
  const list = (rootfs as Record<string, unknown>).diff_ids;
  if (!Array.isArray(list)) throw new InputError('the image config\'s rootfs has no diff_ids list', store.label);
  const bad = list.findIndex((d) => typeof d !== 'string');
  if (bad >= 0) throw new InputError(`the image config's rootfs.diff_ids[${bad}] is not a string`, store.label);
  return list as string[];
}

/** Reads every layer once (a blob shared by several layers once in all) and checks it against what the archive declares. */
/** See LoadOptions.verifyOnlyIf. */
export type VerifyOnly = boolean | 'unchanged';

export async function loadImage(store: ArchiveStore, resolved: ResolvedImage, options: LoadOptions = {}): Promise<Image> {
  const limits = options.limits ?? defaultScanLimits;
  const notes = [...resolved.notes];
  const diffIds = declaredDiffIds(store, resolved);
  if (diffIds && diffIds.length !== resolved.layers.length) {
    throw new InputError(`the config lists ${diffIds.length} diff_ids but the manifest ${resolved.layers.length} layers`, store.label);
  }
  if (options.readLayers === false) {
    notes.push('no layer was read (--quick): the layers are what the manifest and config declare, with no file list');
    return { ...assemble(store, resolved, notes, declaredLayers(resolved, diffIds)), layersRead: false };
  }
  if (options.verifyOnlyIf && !resolved.layers.some((ref) => store.scanned?.(ref.blob))) {
    const declared: Image = { ...assemble(store, resolved, [...notes], declaredLayers(resolved, diffIds)), layersRead: false };
    const answer = await options.verifyOnlyIf(declared);
    if (answer === 'unchanged' || (answer && await storedLayersMatch(store, resolved, diffIds))) return declared;
  }
  // The config is known before any layer is read, so the entrypoint's binary can be captured in the same pass.
  const capture = options.capture === false ? undefined : options.capture ?? baseCapturePredicate(resolved.config);
  const plan: ScanPlan = { limits, capture, poolSize: 0 };
  const concurrency = options.concurrency ?? Math.max(2, availableParallelism());
  const useWorkers = options.workers ?? (concurrency > 1 && resolved.layers.length > 1 && storedBytes(store, resolved) >= WORKER_THRESHOLD_BYTES);
  // A caller's own capture predicate is a function, which cannot cross into a worker thread.
  if (useWorkers && options.capture === undefined) {
    // One core is this thread's, which scans layers too (see scanOne).
    plan.poolSize = Math.min(availableParallelism() - 1, new Set(resolved.layers.map((l) => l.blob)).size - 1);
    plan.captureFromConfig = resolved.config;
  }
  const fromCache = options.cache ? await cachedScans(options.cache, store, resolved, diffIds, capture, limits) : new Map<string, LayerScan>();
  await options.prefetch?.(resolved, limits, new Set(resolved.layers.filter((l) => l.digest && fromCache.has(l.blob)).map((l) => l.digest!)));
  const scans = new Map<string, Promise<LayerScan>>();
  let done = 0;
  let layerScans: LayerScan[];
  try {
    layerScans = await mapWithConcurrency(resolved.layers, concurrency, async (ref, i) => {
      let scan = scans.get(ref.blob);
      if (!scan) {
        const cached = fromCache.get(ref.blob);
        scan = cached ? Promise.resolve(cached) : scanOne(store, ref, i, plan);
        scans.set(ref.blob, scan);
      }
      const result = await scan;
      options.onLayerDone?.(++done, resolved.layers.length);
      return result;
    }, largestFirst(store, resolved));
  } finally {
    await plan.pool?.close();
  }

  const layers: Layer[] = layerScans.map((scan, i) => {
    const ref = resolved.layers[i];
    if (ref.digest && ref.digest !== scan.compressedDigest) {
      throw new InputError(`digest mismatch for layer ${i} (${ref.blob}): expected ${ref.digest}, content hashes to ${scan.compressedDigest} (corrupt archive)`, store.label);
    }
    if (ref.declaredSize !== undefined && ref.declaredSize !== scan.compressedBytes) {
      throw new InputError(`size mismatch for layer ${i} (${ref.blob}): the manifest says ${ref.declaredSize} bytes, the blob has ${scan.compressedBytes}`, store.label);
    }
    if (diffIds && diffIds[i] !== scan.diffId) {
      throw new InputError(`diff_id mismatch for layer ${i} (${ref.blob}): the config expects ${diffIds[i]}, the uncompressed layer hashes to ${scan.diffId} (corrupt archive or a wrong decode)`, store.label);
    }
    return {
      index: i,
      digest: ref.digest ?? scan.compressedDigest,
      diffId: scan.diffId,
      mediaType: ref.mediaType,
      compression: scan.compression,
      compressedBytes: scan.compressedBytes,
      tarBytes: scan.tarBytes,
      bytes: scan.entries.reduce((sum, e) => sum + e.size, 0),
      entries: scan.entries,
      whiteouts: scan.whiteouts,
      opaqueDirs: scan.opaqueDirs,
      tarEntries: scan.tarEntries,
      captured: scan.captured,
    };
  });

  if (options.cache) await storeScans(options.cache, resolved, diffIds, layerScans, new Set(fromCache.keys()), limits);
  return assemble(store, resolved, notes, layers);
}

/** Layers as declared, none read: the digests and stored sizes of the manifest, the diff_ids of the config. */
function declaredLayers(resolved: ResolvedImage, diffIds: string[] | undefined): Layer[] {
  return resolved.layers.map((ref, i) => ({
    index: i,
    digest: ref.digest ?? '',
    diffId: diffIds?.[i] ?? '',
    mediaType: ref.mediaType,
    compression: /zstd/.test(ref.mediaType ?? '') ? 'zstd' : /gzip/.test(ref.mediaType ?? '') ? 'gzip' : 'none',
    compressedBytes: ref.declaredSize ?? 0,
    tarBytes: 0,
    bytes: 0,
    entries: [],
    whiteouts: [],
    opaqueDirs: [],
  }));
}

/** The image model from the resolved image and its layers: history lined up with the layers. */
function assemble(store: ArchiveStore, resolved: ResolvedImage, notes: string[], layers: Layer[]): Image {
  const history = alignHistory(resolved.config, layers.length, resolved.format === 'docker-export' ? [] : notes);
  for (const h of history) {
    if (h.layerIndex !== undefined) {
      layers[h.layerIndex].historyIndex = h.index;
      layers[h.layerIndex].createdBy = h.createdBy;
    }
  }
  const shortId = resolved.configDigest?.replace('sha256:', '').slice(0, 12);
  return {
    source: store.label,
    format: resolved.format,
    name: resolved.tags[0] ?? (shortId ? `sha256:${shortId}` : store.label),
    tags: resolved.tags,
    digest: resolved.configDigest,
    manifestDigest: resolved.manifestDigest,
    platform: resolved.format === 'docker-export' ? { os: 'unknown', architecture: 'unknown' } : platformOfConfig(resolved.config),
    created: typeof resolved.config.created === 'string' ? resolved.config.created : undefined,
    config: normalizeConfig(resolved.config),
    rawConfig: resolved.config,
    history,
    layers,
    notes,
  };
}
