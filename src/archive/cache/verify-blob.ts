import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileRange } from '../store.js';

/**
 * The sha256 of a blob's bytes as stored, without decoding them: what a cache hit on a local archive still
 * costs, so an archive that declares a cached layer's digest over other bytes is caught, not believed.
 */
export async function storedDigest(range: FileRange): Promise<{ digest: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  if (range.length > 0) {
    const stream = createReadStream(range.file, { start: range.start, end: range.start + range.length - 1, highWaterMark: 1024 * 1024 });
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  }
  return { digest: 'sha256:' + hash.digest('hex'), bytes };
}
