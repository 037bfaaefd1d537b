import { createHash, webcrypto } from 'node:crypto';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileRange } from '../store.js';

export interface StoredDigest {
  digest: string;
  bytes: number;
}

const READ_BYTES = 1024 * 1024;
/** Below this many bytes in all, a worker costs more to start than it saves. */
const WORKER_THRESHOLD_BYTES = 64 * 1024 * 1024;

/**
 * The sha256 of a blob's bytes as stored, without decoding them: what a cache hit on a local archive still
 * costs, so an archive that declares a cached layer's digest over other bytes is caught, not believed.
 */
export async function storedDigest(range: FileRange): Promise<StoredDigest> {
  if (range.length > 0 && range.length <= WHOLE_READ_BYTES) return wholeDigest(range);
  const hash = createHash('sha256');
  let bytes = 0;
  if (range.length > 0) {
    const handle = await open(range.file, 'r');
    try {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      for (let position = range.start; position < range.start + range.length;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_BYTES, range.start + range.length - position), position);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        bytes += bytesRead;
        position += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
  return { digest: 'sha256:' + hash.digest('hex'), bytes };
}

/**
 * A blob small enough to hold is read whole and hashed by WebCrypto, which runs on libuv's thread pool: the
 * many small blobs of a batch (or of one image) are then hashed on every core while this thread goes on,
 * where createHash would hash them one after another on this thread.
 */
const WHOLE_READ_BYTES = 16 * 1024 * 1024;

async function wholeDigest(range: FileRange): Promise<StoredDigest> {
  const handle = await open(range.file, 'r');
  let data: Buffer;
  try {
    data = Buffer.allocUnsafe(range.length);
    let filled = 0;
    while (filled < range.length) {
      const { bytesRead } = await handle.read(data, filled, range.length - filled, range.start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    data = data.subarray(0, filled);
  } finally {
    await handle.close();
  }
  const digest = Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
  return { digest: `sha256:${digest}`, bytes: data.length };
}

/**
 * The digests of several blobs, hashed on as many cores as there are (sha256 runs on the calling thread, so a
 * large image's blobs are split over worker threads); an unreadable blob gives undefined.
 */
export async function storedDigests(ranges: FileRange[]): Promise<(StoredDigest | undefined)[]> {
  const total = ranges.reduce((sum, r) => sum + r.length, 0);
  const threads = Math.min(availableParallelism(), ranges.length);
  if (threads < 2 || total < WORKER_THRESHOLD_BYTES) return Promise.all(ranges.map((r) => storedDigest(r).catch(() => undefined)));
  const results = new Array<StoredDigest | undefined>(ranges.length);
  // Largest first, each to the next free worker, so one big blob does not end up last.
  const order = ranges.map((r, i) => i).sort((a, b) => ranges[b].length - ranges[a].length);
  let next = 0;
  await Promise.all(Array.from({ length: threads }, async () => {
    const worker = new Worker(new URL('./digest-worker.js', import.meta.url));
    try {
      while (next < order.length) {
        const i = order[next++];
        results[i] = await new Promise<StoredDigest | undefined>((resolve) => {
          worker.once('message', (answer: StoredDigest | { error: string }) => resolve('error' in answer ? undefined : answer));
          worker.once('error', () => resolve(undefined));
          worker.postMessage(ranges[i]);
        });
      }
    } finally {
      await worker.terminate();
    }
  }));
  return results;
}
