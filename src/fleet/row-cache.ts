/**
 * Fleet rows kept between batch runs, so an image that has not changed is not analysed again. A row is
 * keyed by everything it depends on: the image as its archive declares it (config digest — which covers the
 * diff_ids —, layer digests and sizes, names, platform), and the run's settings (tsimage version, gate,
 * config, extra rules, the date, since end-of-life status changes with it). The loader still hashes every
 * stored layer against those declarations before a cached row is used (LoadOptions.verifyOnlyIf), so a
 * changed or corrupted archive misses or fails exactly as without the cache — unless the archive file is
 * the very file hashed when the row was kept, unchanged since (same stamp before and after this read:
 * file-stamp.ts); `batch --rehash` hashes those too.
 *
 * Entries are small JSON files written atomically (temp file + rename), so concurrent batches can share a
 * cache directory; `prune` bounds their number.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Image } from '../image/model.js';
import type { FileStamp } from './file-stamp.js';
import type { FleetImageRow } from './types.js';

/** A kept row, and the stamp of the archive file whose layers were hashed when it was kept (see file-stamp.ts). */
export interface CachedRow {
  row: FleetImageRow;
  stamp?: FileStamp;
}

const FORMAT = 1;
const MAX_ENTRIES = 20_000;

export class FleetRowCache {
  private readonly dir: string;
  hits = 0;
  misses = 0;

  /** `settings`: a fingerprint of everything besides the image that a row depends on. */
  constructor(cacheDir: string, private readonly settings: string) {
    this.dir = join(cacheDir, `fleet-rows-v${FORMAT}`);
  }

  /** The key of an image as declared; none without a config digest (nothing then vouches for the content). */
  keyOf(image: Image): string | undefined {
    if (!image.digest) return undefined;
    const identity = {
      settings: this.settings,
      digest: image.digest,
      manifestDigest: image.manifestDigest,
      format: image.format,
      name: image.name,
      tags: image.tags,
      platform: image.platform,
      layers: image.layers.map((layer) => [layer.digest, layer.diffId, layer.compressedBytes]),
    };
    return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
  }

  async get(key: string): Promise<CachedRow | undefined> {
    try {
      const cached = JSON.parse(await readFile(join(this.dir, key), 'utf8')) as CachedRow;
      if (cached?.row?.status !== 'ok' || typeof cached.row.ref !== 'string' || (cached.stamp !== undefined && typeof cached.stamp !== 'string')) throw new Error('not a row');
      this.hits++;
      return cached;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  async put(key: string, cached: CachedRow): Promise<void> {
    const temp = join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, JSON.stringify(cached));
      await rename(temp, join(this.dir, key));
    } catch {
      // A cache that cannot be written costs the next run time, never this run its result.
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  /** Past MAX_ENTRIES rows, the least recently written go; run once per batch, not per row. */
  async prune(maxEntries = MAX_ENTRIES): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((name) => !name.startsWith('.'));
    } catch {
      return;
    }
    if (names.length <= maxEntries) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(this.dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.mtime - b.mtime);
    await Promise.all(dated.slice(0, dated.length - maxEntries).map(({ name }) => rm(join(this.dir, name), { force: true })));
  }
}
