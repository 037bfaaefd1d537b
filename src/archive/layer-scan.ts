import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import xxhash from 'xxhash-wasm';
import { createDecompressor, type Compression } from './decompress.js';
import type { EntryType, LayerEntry } from '../image/model.js';
import { HostileEntryError, layerEntryPath } from './entry-path.js';

export interface ScanLimits {
  /** Refuse a layer whose uncompressed tar grows past this many bytes. */
  maxLayerBytes: number;
  /** Refuse a layer that expands more than this many times (checked once it passes 64 MiB). */
  maxExpandRatio: number;
}

/**
 * Which regular files of a layer to keep the content of, decided from the tar header alone: `true` keeps
 * the whole file (skipped when it is larger than the per-file cap), a number keeps at most that many
 * leading bytes (an ELF header), `false` keeps nothing. Everything else stays headers-only.
 */
export type CapturePredicate = (path: string, size: number) => boolean | number;

/** Bounds on captured content, so a hostile or huge layer cannot make the scan hold much memory. */
export const CAPTURE_MAX_FILE_BYTES = 8 * 1024 * 1024;
export const CAPTURE_MAX_LAYER_BYTES = 32 * 1024 * 1024;

export const defaultScanLimits: ScanLimits = {
  maxLayerBytes: 64 * 1024 ** 3,
  maxExpandRatio: 200,
};

export interface LayerScan {
  compression: Compression;
  compressedDigest: string;
  compressedBytes: number;
  diffId: string;
  tarBytes: number;
  entries: LayerEntry[];
  whiteouts: string[];
  opaqueDirs: string[];
  /** Content of the files the capture predicate picked (whole, or a leading slice when it asked for one). */
  captured: Map<string, Buffer>;
}

/** A scan failure that is the input's fault; the caller adds which blob of which archive. */
export class LayerDataError extends Error {}

const RATIO_CHECK_AFTER = 64 * 1024 * 1024;

// Per-file content only has to tell equal files apart (duplicates, metadata-only copies); the blob and diff_id
// checks keep sha256. xxh64 hashes about three times as fast as sha1 here, and every file byte goes through it.
const { create64 } = await xxhash();

/** The content hash recorded for each regular file: `xxh64:` and 16 hex digits. */
export function contentHashOf(data: Uint8Array): string {
  return 'xxh64:' + create64().update(data).digest().toString(16).padStart(16, '0');
}

function entryType(type: string | null | undefined): EntryType | undefined {
  switch (type) {
    case 'file': case 'contiguous-file': return 'file';
    case 'directory': return 'directory';
    case 'symlink': return 'symlink';
    case 'link': return 'hardlink';
    case 'character-device': return 'char-device';
    case 'block-device': return 'block-device';
    case 'fifo': return 'fifo';
    default: return undefined;
  }
}

/**
 * One pass over a layer blob: hashes the blob as stored and the uncompressed tar (for the digest and the
 * diff_id), and records every tar header plus a content hash of each file. Nothing is kept but headers.
 */
export async function scanLayer(blob: Readable, compression: Compression, limits: ScanLimits = defaultScanLimits, capture?: CapturePredicate): Promise<LayerScan> {
  const compressedHash = createHash('sha256');
  const tarHash = createHash('sha256');
  let compressedBytes = 0;
  let tarBytes = 0;
  const entries: LayerEntry[] = [];
  const whiteouts: string[] = [];
  const opaqueDirs: string[] = [];
  const captured = new Map<string, Buffer>();
  let capturedBytes = 0;

  /** How many leading bytes of this file to keep (0: none), within the per-file and per-layer caps. */
  function captureLength(path: string, size: number): number {
    if (!capture || capturedBytes >= CAPTURE_MAX_LAYER_BYTES) return 0;
    const wanted = capture(path, size);
    if (wanted === false || wanted === 0) return 0;
    if (wanted === true && size > CAPTURE_MAX_FILE_BYTES) return 0;
    const length = Math.min(size, wanted === true ? size : wanted, CAPTURE_MAX_FILE_BYTES);
    return capturedBytes + length > CAPTURE_MAX_LAYER_BYTES ? 0 : length;
  }

  // An uncompressed layer's stored digest is its diff_id: hashing the same bytes twice would cost a third of the scan.
  const hashesStored = compression !== 'none';
  async function* hashStored(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      if (hashesStored) compressedHash.update(chunk);
      compressedBytes += chunk.length;
      yield chunk;
    }
  }
  async function* hashTar(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      tarHash.update(chunk);
      tarBytes += chunk.length;
      if (tarBytes > limits.maxLayerBytes) {
        throw new LayerDataError(`layer expands past ${limits.maxLayerBytes} bytes (a decompression bomb?); raise --max-layer-size if it is real`);
      }
      if (compression !== 'none' && tarBytes > RATIO_CHECK_AFTER && tarBytes > compressedBytes * limits.maxExpandRatio) {
        throw new LayerDataError(`layer expands more than ${limits.maxExpandRatio}x (${compressedBytes} bytes to over ${tarBytes}): a decompression bomb? raise --max-expand-ratio if it is real`);
      }
      yield chunk;
    }
  }

  const extract = tar.extract();
  const consume = (async () => {
    for await (const entry of extract) {
      const header = entry.header;
      const type = entryType(header.type);
      const path = layerEntryPath(header.name);
      let contentHash: string | undefined;
      if (type === 'file' && header.size) {
        const hash = create64();
        const keep = captureLength(path, header.size);
        const kept: Buffer[] = [];
        let keptBytes = 0;
        for await (const chunk of entry) {
          hash.update(chunk as Buffer);
          if (keptBytes < keep) {
            const part = (chunk as Buffer).subarray(0, keep - keptBytes);
            kept.push(Buffer.from(part));
            keptBytes += part.length;
          }
        }
        contentHash = 'xxh64:' + hash.digest().toString(16).padStart(16, '0');
        if (keep > 0) {
          captured.set(path, Buffer.concat(kept, keptBytes));
          capturedBytes += keptBytes;
        }
      } else {
        entry.resume();
      }
      if (type === undefined) continue;
      const slash = path.lastIndexOf('/');
      const base = path.slice(slash + 1);
      if (base.startsWith('.wh.')) {
        const dir = slash === -1 ? '' : path.slice(0, slash);
        if (base === '.wh..wh..opq') opaqueDirs.push(dir);
        // Other `.wh..wh.` names are aufs bookkeeping (hard-link dirs), not deletions: Docker skips them too.
        else if (!base.startsWith('.wh..wh.')) whiteouts.push((dir ? dir + '/' : '') + base.slice(4));
        continue;
      }
      if (path === '') continue;
      entries.push({
        path,
        type,
        mode: header.mode ?? 0,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        size: type === 'file' ? header.size ?? 0 : 0,
        linkTarget: type === 'symlink' ? header.linkname ?? '' : type === 'hardlink' ? layerEntryPath(header.linkname ?? '') : undefined,
        mtime: header.mtime ? Math.floor(header.mtime.getTime() / 1000) : 0,
        contentHash,
      });
    }
  })();
  // If the consumer fails first (a hostile name), the pipeline must not keep waiting for it to drain.
  consume.catch((error) => extract.destroy(error));
  const decompressor = createDecompressor(compression);
  // When the decoder fails, the pipeline rejects with the AbortError of a stage downstream: keep the cause.
  let decodeError: unknown;
  decompressor.on('error', (error) => { decodeError ??= error; });
  try {
    await Promise.all([pipeline(blob, hashStored, decompressor, hashTar, extract), consume]);
  } catch (error) {
    throw toLayerDataError(error instanceof LayerDataError ? error : decodeError ?? error);
  }
  const diffId = 'sha256:' + tarHash.digest('hex');
  return {
    compression,
    compressedDigest: hashesStored ? 'sha256:' + compressedHash.digest('hex') : diffId,
    compressedBytes,
    diffId,
    tarBytes,
    entries,
    whiteouts,
    opaqueDirs,
    captured,
  };
}

function toLayerDataError(error: unknown): Error {
  if (error instanceof LayerDataError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || /incorrect header check|invalid (block|distance|stored)|unexpected end of file/i.test(message)) {
    return new LayerDataError(`corrupt or truncated gzip data (${message})`);
  }
  if (/Unexpected end of data/i.test(message)) return new LayerDataError('truncated layer tar (unexpected end of data)');
  if (/Invalid tar header|Unknown format/i.test(message)) return new LayerDataError(`layer is not a valid tar (${message})`);
  if (/corrupt zstd|zstd/i.test(message)) return new LayerDataError(message);
  if (error instanceof HostileEntryError) return new LayerDataError(error.message);
  return error instanceof Error ? error : new Error(message);
}
