/**
 * A content-addressed cache of layer scans on disk, so a layer shared by many images (a base) is analysed once.
 *
 * An entry is keyed by the pair (compressed digest, diff_id) and written only after the loader verified a
 * fresh scan against both: the blob hashed to the digest the manifest declares, and its uncompressed tar to
 * the diff_id the config declares. A later image that declares the same pair is the same bytes (sha256), so
 * its layer is that entry; a lying archive that declares a cached pair over other bytes is caught by the
 * caller, which still hashes a local blob (see `cached-layers.ts` in src/image) — only a registry layer,
 * asked for by that very digest, is skipped without a byte read.
 *
 * Safe under concurrent runs: an entry is written to a temporary file and renamed into place (atomic on one
 * filesystem), so a reader sees a whole entry or none. An entry that does not decode (a partial write from a
 * machine that lost power, a disk error, another version's format) is ignored and rewritten. Bounded: past
 * `maxBytes`, the least recently used entries (by mtime, touched on every hit) are removed.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { LayerEntry } from '../../image/model.js';
import { ScannedEntry } from '../../image/scanned-entry.js';
import { captureLength, type CapturePredicate, type LayerScan, type ScanLimits } from '../layer-scan.js';

/**
 * The entry format. Bump it whenever LayerScan (or what a scan records, such as the per-file content hash)
 * changes shape or meaning: entries of another format live in another directory and are never read.
 */
export const LAYER_CACHE_FORMAT = 1;
const MAGIC = 'tsimage-layer-scan';

export interface LayerKey {
  /** The blob's digest as the manifest declares it (for an uncompressed layer, its diff_id). */
  digest: string;
  /** The uncompressed tar's digest as the config declares it. */
  diffId: string;
}

/** What the scan that wrote an entry kept, so a reader can tell whether a fresh scan of its own would differ. */
interface Stored {
  scan: LayerScan;
  limits: ScanLimits;
}

export interface LayerCacheStats {
  hits: number;
  misses: number;
  writes: number;
  /** Entries that were there but unreadable or of no use (corrupt, stricter limits, too little captured). */
  rejected: number;
}

export interface LayerCacheOptions {
  dir: string;
  /** Evict least recently used entries past this many bytes on disk. */
  maxBytes: number;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A temporary file this old was left by a run that died between write and rename. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export class LayerCache {
  readonly stats: LayerCacheStats = { hits: 0, misses: 0, writes: 0, rejected: 0 };
  private readonly entriesDir: string;

  constructor(readonly options: LayerCacheOptions) {
    this.entriesDir = join(options.dir, `layers-v${LAYER_CACHE_FORMAT}`);
  }

  /** Keys must be sha256 digests: they name files, and nothing else may. */
  static keyable(key: Partial<LayerKey>): key is LayerKey {
    return typeof key.digest === 'string' && typeof key.diffId === 'string' && DIGEST.test(key.digest) && DIGEST.test(key.diffId);
  }

  private fileOf(key: LayerKey): string {
    const name = createHash('sha256').update(`${key.digest}\n${key.diffId}`).digest('hex');
    return join(this.entriesDir, name);
  }

  /**
   * The scan of the layer with this key, as a fresh scan with `capture` under `limits` would have made it, or
   * undefined: no entry, an unreadable one, one written under stricter limits (a fresh scan might have refused
   * the layer), or one that kept less than `capture` asks for.
   */
  async get(key: LayerKey, capture: CapturePredicate | undefined, limits: ScanLimits): Promise<LayerScan | undefined> {
    if (!LayerCache.keyable(key)) return undefined;
    const file = this.fileOf(key);
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch {
      this.stats.misses++;
      return undefined;
    }
    const stored = await decode(raw, key);
    const scan = stored && limits.maxLayerBytes >= stored.limits.maxLayerBytes && limits.maxExpandRatio >= stored.limits.maxExpandRatio
      ? recapture(stored.scan, capture)
      : undefined;
    if (!scan) {
      this.stats.rejected++;
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    return scan;
  }

  /** Stores a scan the caller verified against `key`; a failure to write only costs the next run a scan. */
  async put(key: LayerKey, scan: LayerScan, limits: ScanLimits): Promise<void> {
    if (!LayerCache.keyable(key) || scan.compressedDigest !== key.digest || scan.diffId !== key.diffId) return;
    const file = this.fileOf(key);
    const temporary = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(this.entriesDir, { recursive: true });
      await writeFile(temporary, await encode(key, scan, limits), { mode: 0o600 });
      await rename(temporary, file);
      this.stats.writes++;
    } catch {
      await rm(temporary, { force: true }).catch(() => {});
      return;
    }
    await this.evict().catch(() => {});
  }

  /** Removes least recently used entries until the cache is within its bound (to 90%, so not every write evicts). */
  async evict(): Promise<void> {
    let names: string[];
    try { names = await readdir(this.entriesDir); } catch { return; }
    const now = Date.now();
    const files: { path: string; size: number; used: number }[] = [];
    for (const name of names) {
      const path = join(this.entriesDir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      if (name.includes('.tmp-')) {
        if (now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true }).catch(() => {});
        continue;
      }
      files.push({ path, size: info.size, used: info.mtimeMs });
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    if (total <= this.options.maxBytes) return;
    const target = this.options.maxBytes * 0.9;
    files.sort((a, b) => a.used - b.used);
    for (const f of files) {
      if (total <= target) break;
      await rm(f.path, { force: true }).catch(() => {});
      total -= f.size;
    }
  }
}

async function encode(key: LayerKey, scan: LayerScan, limits: ScanLimits): Promise<Buffer> {
  const { captured, ...rest } = scan;
  const document = {
    magic: MAGIC,
    format: LAYER_CACHE_FORMAT,
    key,
    limits,
    scan: rest,
    captured: [...captured].map(([path, bytes]) => [path, bytes.toString('base64')]),
  };
  return gzipAsync(Buffer.from(JSON.stringify(document)), { level: 1 });
}

/** The entry, or undefined when it is not a whole entry of this format for this very key. */
async function decode(raw: Buffer, key: LayerKey): Promise<Stored | undefined> {
  try {
    const document = JSON.parse((await gunzipAsync(raw)).toString('utf8')) as Record<string, unknown>;
    if (document.magic !== MAGIC || document.format !== LAYER_CACHE_FORMAT) return undefined;
    const stored = document.key as LayerKey | undefined;
    if (stored?.digest !== key.digest || stored?.diffId !== key.diffId) return undefined;
    const scan = document.scan as Omit<LayerScan, 'captured'>;
    const limits = document.limits as ScanLimits;
    if (!isScan(scan) || scan.compressedDigest !== key.digest || scan.diffId !== key.diffId) return undefined;
    if (typeof limits?.maxLayerBytes !== 'number' || typeof limits.maxExpandRatio !== 'number') return undefined;
    if (!Array.isArray(document.captured)) return undefined;
    const captured = new Map<string, Buffer>();
    for (const pair of document.captured as unknown[]) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return undefined;
      captured.set(pair[0], Buffer.from(pair[1], 'base64'));
    }
    return { scan: { ...scan, entries: scan.entries.map((e) => ScannedEntry.of(e)), captured }, limits };
  } catch {
    return undefined;
  }
}

function isScan(scan: unknown): scan is Omit<LayerScan, 'captured'> {
  const s = scan as Record<string, unknown> | undefined;
  return typeof s === 'object' && s !== null
    && ['none', 'gzip', 'zstd'].includes(s.compression as string)
    && typeof s.compressedBytes === 'number' && typeof s.tarBytes === 'number' && typeof s.tarEntries === 'number'
    && Array.isArray(s.entries) && (s.entries as LayerEntry[]).every((e) => typeof e?.path === 'string' && typeof e.type === 'string' && typeof e.size === 'number')
    && Array.isArray(s.whiteouts) && Array.isArray(s.opaqueDirs);
}

/**
 * The cached scan with exactly the captured files a fresh scan with `capture` would keep, or undefined when the
 * entry kept less than that (its writer's predicate came from another image's config).
 */
function recapture(scan: LayerScan, capture: CapturePredicate | undefined): LayerScan | undefined {
  const captured = new Map<string, Buffer>();
  let kept = 0;
  for (const entry of scan.entries) {
    if (entry.type !== 'file' || entry.size === 0) continue;
    const length = captureLength(capture, entry.path, entry.size, kept);
    if (length === 0) continue;
    const bytes = scan.captured.get(entry.path);
    if (!bytes || bytes.length < length) return undefined;
    captured.set(entry.path, bytes.subarray(0, length));
    kept += length;
  }
  return { ...scan, captured };
}
