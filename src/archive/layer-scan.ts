import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { createDecompressor, type Compression } from './decompress.js';
import type { EntryType, LayerEntry } from '../image/model.js';
import { HostileEntryError, layerEntryPath } from './entry-path.js';
import { ScannedEntry } from '../image/scanned-entry.js';
import type { FileRange } from './store.js';
import { TarFormatError, type TarHeaderFields } from './tar-header.js';
import { TarParser, type TarEntryHandler } from './tar-parser.js';
import { defaultScanLimits } from './scan-limits.js';
import { contentHasher, type ContentHasher } from './content-hash.js';
import { giveBackReadBuffer, READ_BUFFER_BYTES, takeReadBuffer } from './read-buffers.js';

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

// In its own module so the CLI can show the defaults in --help without loading the scanner.
export { defaultScanLimits };

/**
 * Where a scan puts the entries it reads: the last one added is the one a digest belongs to. The main thread
 * makes ScannedEntry objects (the model's); a worker fills columns (packed-entries.ts), so its heap never
 * holds an object per entry and nothing but flat arrays crosses back.
 */
export interface EntrySink<E> {
  add(path: string, type: EntryType, mode: number, uid: number, gid: number, size: number, linkTarget: string | undefined, mtime: number): void;
  setDigest(digest: bigint): void;
  result(): E;
}

class EntryObjects implements EntrySink<LayerEntry[]> {
  private readonly entries: ScannedEntry[] = [];

  add(path: string, type: EntryType, mode: number, uid: number, gid: number, size: number, linkTarget: string | undefined, mtime: number): void {
    this.entries.push(new ScannedEntry(path, type, mode, uid, gid, size, linkTarget, mtime));
  }

  setDigest(digest: bigint): void {
    this.entries[this.entries.length - 1].setDigest(digest);
  }

  result(): LayerEntry[] {
    return this.entries;
  }
}

export interface LayerScan<E = LayerEntry[]> {
  compression: Compression;
  compressedDigest: string;
  compressedBytes: number;
  diffId: string;
  tarBytes: number;
  entries: E;
  whiteouts: string[];
  opaqueDirs: string[];
  /**
   * Every entry header of the tar (pax and long-name headers are part of the entry they describe): the
   * `./` root, whiteouts, opaque markers and aufs bookkeeping included, so it matches `tar -t | wc -l`.
   */
  tarEntries: number;
  /** Content of the files the capture predicate picked (whole, or a leading slice when it asked for one). */
  captured: Map<string, Buffer>;
}

/** A scan failure that is the input's fault; the caller adds which blob of which archive. */
export class LayerDataError extends Error {}

const RATIO_CHECK_AFTER = 64 * 1024 * 1024;

export function entryType(flag: string): EntryType | undefined {
  switch (flag) {
    case '0': case '7': return 'file';
    case '5': return 'directory';
    case '2': return 'symlink';
    case '1': return 'hardlink';
    case '3': return 'char-device';
    case '4': return 'block-device';
    case '6': return 'fifo';
    default: return undefined;
  }
}

/** Turns tar headers into the layer's entries, whiteouts and opaque directories, hashing and capturing file content. */
class LayerEntryCollector<E> implements TarEntryHandler {
  readonly whiteouts: string[] = [];
  readonly opaqueDirs: string[] = [];
  tarEntries = 0;
  readonly captured = new Map<string, Buffer>();
  private capturedBytes = 0;
  /** The file whose body is coming: hashed in one call when the body comes whole (most files), else streamed. */
  private file: { path: string; size: number; hash?: ReturnType<ContentHasher['create64']>; whole?: bigint; keep: number; kept: Buffer[]; keptBytes: number } | undefined;

  constructor(private readonly capture: CapturePredicate | undefined, readonly entries: EntrySink<E>, private readonly hasher: ContentHasher) {}

  entry(header: TarHeaderFields): void {
    const type = entryType(header.flag);
    if (type === undefined) return;
    this.tarEntries++;
    const path = layerEntryPath(header.name);
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    if (base.startsWith('.wh.')) {
      const dir = slash === -1 ? '' : path.slice(0, slash);
      if (base === '.wh..wh..opq') this.opaqueDirs.push(dir);
      // Other `.wh..wh.` names are aufs bookkeeping (hard-link dirs), not deletions: Docker skips them too.
      else if (!base.startsWith('.wh..wh.')) this.whiteouts.push((dir ? dir + '/' : '') + base.slice(4));
      return;
    }
    if (path === '') return;
    const linkTarget = type === 'symlink' ? header.linkname : type === 'hardlink' ? layerEntryPath(header.linkname) : undefined;
    this.entries.add(path, type, header.mode, header.uid, header.gid, type === 'file' ? header.size : 0, linkTarget, header.mtime);
    if (type === 'file' && header.size > 0) {
      this.file = { path, size: header.size, keep: this.captureLength(path, header.size), kept: [], keptBytes: 0 };
    }
  }

  data(chunk: Buffer): void {
    const file = this.file;
    if (!file) return;
    // A body inside one read buffer is hashed in one call: no streaming state to set up, save and restore.
    if (!file.hash && file.whole === undefined && chunk.length === file.size) file.whole = this.hasher.h64Raw(chunk);
    else (file.hash ??= this.hasher.create64()).update(chunk);
    if (file.keptBytes < file.keep) {
      const part = chunk.subarray(0, file.keep - file.keptBytes);
      file.kept.push(Buffer.from(part));
      file.keptBytes += part.length;
    }
  }

  entryEnd(): void {
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    this.entries.setDigest(file.whole ?? (file.hash ?? this.hasher.create64()).digest());
    if (file.keep > 0) {
      this.captured.set(file.path, Buffer.concat(file.kept, file.keptBytes));
      this.capturedBytes += file.keptBytes;
    }
  }

  private captureLength(path: string, size: number): number {
    return captureLength(this.capture, path, size, this.capturedBytes);
  }
}

/**
 * How many leading bytes of a file to keep (0: none), within the per-file and per-layer caps, given the bytes
 * the layer's earlier files already kept. Exported so a cached scan can be trimmed to what a fresh scan with
 * another predicate would have kept (src/archive/cache).
 */
export function captureLength(capture: CapturePredicate | undefined, path: string, size: number, capturedSoFar: number): number {
  if (!capture || capturedSoFar >= CAPTURE_MAX_LAYER_BYTES) return 0;
  const wanted = capture(path, size);
  if (wanted === false || wanted === 0) return 0;
  if (wanted === true && size > CAPTURE_MAX_FILE_BYTES) return 0;
  const length = Math.min(size, wanted === true ? size : wanted, CAPTURE_MAX_FILE_BYTES);
  return capturedSoFar + length > CAPTURE_MAX_LAYER_BYTES ? 0 : length;
}

/**
 * One pass over a layer: hashes the blob as stored and the uncompressed tar (for the digest and the
 * diff_id), and records every tar header plus a content hash of each file. Nothing is kept but headers
 * (and the few files the capture predicate asks for). Chunks are consumed synchronously, so a caller
 * may hand in the same read buffer again and again.
 */
class LayerScanner<E> {
  private readonly compressedHash = createHash('sha256');
  private readonly tarHash = createHash('sha256');
  private compressedBytes = 0;
  private tarBytes = 0;
  private readonly collector: LayerEntryCollector<E>;
  private readonly parser: TarParser;
  // An uncompressed layer's stored digest is its diff_id: hashing the same bytes twice would cost a third of the scan.
  private readonly hashesStored: boolean;

  constructor(private readonly compression: Compression, private readonly limits: ScanLimits, capture: CapturePredicate | undefined, sink: EntrySink<E>, hasher: ContentHasher) {
    this.hashesStored = compression !== 'none';
    this.collector = new LayerEntryCollector(capture, sink, hasher);
    this.parser = new TarParser(this.collector);
  }

  stored(chunk: Buffer): void {
    if (this.hashesStored) this.compressedHash.update(chunk);
    this.compressedBytes += chunk.length;
  }

  tar(chunk: Buffer): void {
    this.tarHash.update(chunk);
    this.tarBytes += chunk.length;
    const { limits } = this;
    if (this.tarBytes > limits.maxLayerBytes) {
      throw new LayerDataError(`layer expands past ${limits.maxLayerBytes} bytes (a decompression bomb?); raise --max-layer-size if it is real`);
    }
    if (this.compression !== 'none' && this.tarBytes > RATIO_CHECK_AFTER && this.tarBytes > this.compressedBytes * limits.maxExpandRatio) {
      throw new LayerDataError(`layer expands more than ${limits.maxExpandRatio}x (${this.compressedBytes} bytes to over ${this.tarBytes}): a decompression bomb? raise --max-expand-ratio if it is real`);
    }
    this.parser.write(chunk);
  }

  finish(): LayerScan<E> {
    this.parser.end();
    const diffId = 'sha256:' + this.tarHash.digest('hex');
    const { entries, whiteouts, opaqueDirs, tarEntries, captured } = this.collector;
    return {
      compression: this.compression,
      compressedDigest: this.hashesStored ? 'sha256:' + this.compressedHash.digest('hex') : diffId,
      compressedBytes: this.compressedBytes,
      diffId,
      tarBytes: this.tarBytes,
      entries: entries.result(),
      whiteouts,
      opaqueDirs,
      tarEntries,
      captured,
    };
  }
}

/** Scans a layer blob given as a stream (stdin, a directory's file, a small archive's member). */
export function scanLayer(blob: Readable, compression: Compression, limits: ScanLimits = defaultScanLimits, capture?: CapturePredicate): Promise<LayerScan> {
  return scanLayerInto(blob, compression, limits, capture, new EntryObjects());
}

async function scanLayerInto<E>(blob: Readable, compression: Compression, limits: ScanLimits, capture: CapturePredicate | undefined, sink: EntrySink<E>): Promise<LayerScan<E>> {
  const decompressor = createDecompressor(compression);
  // When the decoder fails, the pipeline rejects with the AbortError of a stage downstream: keep the cause.
  let decodeError: unknown;
  decompressor.on('error', (error) => { decodeError ??= error; });
  // The scanner waits for the content hasher inside the pipeline, which is attached before anything is
  // awaited: an error the blob stream raises meanwhile then rejects the pipeline instead of going unheard.
  let scanner: LayerScanner<E> | undefined;
  try {
    await pipeline(
      blob,
      async function* (source: AsyncIterable<Buffer>) {
        const started = scanner = new LayerScanner(compression, limits, capture, sink, await contentHasher());
        for await (const chunk of source) {
          started.stored(chunk);
          yield chunk;
        }
      },
      decompressor,
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) scanner!.tar(chunk);
      },
    );
    return scanner!.finish();
  } catch (error) {
    throw toLayerDataError(error instanceof LayerDataError || error instanceof TarFormatError || error instanceof HostileEntryError ? error : decodeError ?? error);
  }
}

/**
 * Scans a layer stored as a byte range of a file. An uncompressed layer is read into reused buffers,
 * which spares the allocation of a buffer per read (half the time of a stream on a page-cached file).
 */
export function scanLayerRange(range: FileRange, compression: Compression, limits: ScanLimits = defaultScanLimits, capture?: CapturePredicate): Promise<LayerScan> {
  return scanLayerRangeInto(range, compression, limits, capture, new EntryObjects());
}

/** scanLayerRange with the entries put where `sink` says (a worker's columns). */
export async function scanLayerRangeInto<E>(range: FileRange, compression: Compression, limits: ScanLimits, capture: CapturePredicate | undefined, sink: EntrySink<E>): Promise<LayerScan<E>> {
  if (compression !== 'none') {
    const stream = range.length === 0
      ? createReadStream(range.file, { start: 0, end: -1 })
      : createReadStream(range.file, { start: range.start, end: range.start + range.length - 1, highWaterMark: READ_BUFFER_BYTES });
    return scanLayerInto(stream, compression, limits, capture, sink);
  }
  const scanner = new LayerScanner(compression, limits, capture, sink, await contentHasher());
  const handle = await open(range.file, 'r');
  // Two buffers: the next read runs in the thread pool while this one is hashed and parsed.
  const buffers = [takeReadBuffer(), takeReadBuffer()];
  try {
    const end = range.start + range.length;
    let position = range.start;
    const readInto = async (buffer: Buffer) => {
      const length = Math.min(buffer.length, end - position);
      if (length <= 0) return { chunk: undefined, short: true };
      const at = position;
      position += length;
      const { bytesRead } = await handle.read(buffer, 0, length, at);
      return { chunk: bytesRead > 0 ? buffer.subarray(0, bytesRead) : undefined, short: bytesRead < length };
    };
    let turn = 0;
    let pending = readInto(buffers[turn]);
    try {
      for (;;) {
        const { chunk, short } = await pending;
        if (!chunk) break;
        // A file that ends early stops the scan here; the size and digest checks then say what is wrong.
        turn ^= 1;
        pending = short ? Promise.resolve({ chunk: undefined, short: true }) : readInto(buffers[turn]);
        scanner.stored(chunk);
        scanner.tar(chunk);
      }
    } finally {
      await pending.catch(() => {});
    }
    return scanner.finish();
  } catch (error) {
    throw toLayerDataError(error);
  } finally {
    // No read is pending here: the loop's own finally waited for the last one.
    for (const buffer of buffers) giveBackReadBuffer(buffer);
    await handle.close();
  }
}

function toLayerDataError(error: unknown): Error {
  if (error instanceof LayerDataError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (/^corrupt gzip data/.test(message)) return new LayerDataError(message);
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || /incorrect header check|invalid (block|distance|stored)|unexpected end of file/i.test(message)) {
    return new LayerDataError(`corrupt or truncated gzip data (${message})`);
  }
  if (error instanceof TarFormatError) {
    return new LayerDataError(/unexpected end of data/.test(message) ? 'truncated layer tar (unexpected end of data)' : `layer is not a valid tar (${message})`);
  }
  if (/corrupt zstd|zstd/i.test(message)) return new LayerDataError(message);
  if (error instanceof HostileEntryError) return new LayerDataError(error.message);
  return error instanceof Error ? error : new Error(message);
}
