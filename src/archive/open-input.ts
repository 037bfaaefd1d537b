import { createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { createDecompressor, sniffCompression } from './decompress.js';
import { DirectoryStore, TarFileStore, type ArchiveStore } from './store.js';
import { STDIN_ARGUMENT } from './stdin-argument.js';

export interface OpenedInput {
  store: ArchiveStore;
  /** How the outer archive itself was compressed, if it was. */
  outerCompression?: 'gzip' | 'zstd';
  close(): Promise<void>;
}

/**
 * Opens what the user named: an OCI layout directory, a tar file, a gzip/zstd-compressed tar, or `-` (stdin).
 * A compressed or piped archive cannot be read by byte range, so it is decompressed once into a private
 * temporary file (the archive as a whole, never its layers' contents) that is removed on close.
 */
export { STDIN_ARGUMENT };

export async function openInput(input: string, stdin: Readable = process.stdin): Promise<OpenedInput> {
  if (input === '-' || input === STDIN_ARGUMENT) return spool(stdin, '-');
  let info;
  try {
    info = await stat(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`, input);
  }
  if (info.isDirectory()) {
    return { store: await DirectoryStore.open(input), close: async () => {} };
  }
  const head = Buffer.alloc(512);
  const handle = await open(input, 'r');
  let read: number;
  try {
    ({ bytesRead: read } = await handle.read(head, 0, 512, 0));
  } finally {
    await handle.close();
  }
  if (read === 0) throw new InputError('empty file, not an image archive', input);
  const kind = sniffCompression(head.subarray(0, read));
  if (kind === 'none') return { store: await TarFileStore.open(input), close: async () => {} };
  if (kind === 'gzip' || kind === 'zstd') return spool(createReadStream(input), input);
  throw new InputError('not a tar archive, a compressed tar or an OCI layout directory', input);
}

/**
 * Temporary directories still to remove. `close` removes each on the normal paths; the exit hook catches
 * the rest (an error thrown past a close, a process.exit), so no unpacked archive is left in TMPDIR. (A signal
 * is left to its default: `run` has its own SIGINT handling, which a handler here would preempt.)
 */
const temporaryDirs = new Set<string>();
let exitHookInstalled = false;

function removeOnExit(dir: string): void {
  temporaryDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const left of temporaryDirs) {
      try { rmSync(left, { recursive: true, force: true }); } catch { /* nothing more can be done while exiting */ }
    }
  });
}

async function spool(source: Readable, label: string): Promise<OpenedInput> {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-'));
  removeOnExit(dir);
  const file = join(dir, 'archive.tar');
  const close = async () => {
    // Retries ride out EMFILE/EBUSY while other reads of the archive are still closing.
    await rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
    if (!existsSync(dir)) temporaryDirs.delete(dir);
  };
  try {
    const chunks: Buffer[] = [];
    let headLength = 0;
    // Read enough to sniff, then replay those bytes ahead of the rest of the stream.
    const iterator = source[Symbol.asyncIterator]();
    while (headLength < 512) {
      const next = await iterator.next();
      if (next.done) break;
      chunks.push(next.value as Buffer);
      headLength += (next.value as Buffer).length;
    }
    const head = Buffer.concat(chunks);
    if (head.length === 0) throw new InputError('empty input, not an image archive', label);
    const kind = sniffCompression(head);
    if (kind === 'unknown') throw new InputError('not a tar archive or a compressed tar', label);
    async function* replay() {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
    }
    try {
      await pipeline(replay, createDecompressor(kind), createWriteStream(file));
    } catch (error) {
      throw new InputError(`cannot decompress the archive (${(error as Error).message})`, label);
    }
    const store = await TarFileStore.open(file, label);
    return { store, outerCompression: kind === 'none' ? undefined : kind, close };
  } catch (error) {
    await close();
    throw error;
  }
}
