/** A worker thread that hashes blobs by byte range, for verify-blob.ts's storedDigests. */
import { parentPort } from 'node:worker_threads';
import type { FileRange } from '../store.js';
import { storedDigest } from './verify-blob.js';

parentPort!.on('message', async (range: FileRange) => {
  try {
    parentPort!.postMessage(await storedDigest(range));
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
