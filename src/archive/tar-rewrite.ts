import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { layerEntryPath } from './entry-path.js';
import { entryType } from './layer-scan.js';
import {
  ExtendedHeaders, MAX_EXTENDED_HEADER_BYTES, TAR_BLOCK, TarFormatError, decodeTarHeader, isExtendedHeader, isHeaderOnly,
  isZeroBlock, parsePax, type TarHeaderFields,
} from './tar-header.js';

/**
 * What a layer tar entry is, classified as the layer scan classifies it (layer-scan.ts): a model entry
 * (numbered in the order of `Layer.entries`), a whiteout, an opaque marker, or something the model has no
 * place for (the `./` root, aufs bookkeeping, unknown types).
 */
export type TarItem =
  | { kind: 'entry'; ordinal: number; path: string; header: TarHeaderFields; pax: Record<string, string> }
  | { kind: 'whiteout'; path: string }
  | { kind: 'opaque'; dir: string }
  | { kind: 'other' };

/** What the content of a model entry was, for the filesystem digest: sha256 of the bytes and the pax records. */
export interface EntryFacts {
  sha256?: string;
  pax: Record<string, string>;
}

export interface TarRewriteOptions {
  /** Whether an item goes to the output; default keep. */
  keep?(item: TarItem): boolean;
  /** Which model entries to record the facts of (by ordinal); default none. */
  record?(ordinal: number): boolean;
  /** Only classify and record, write nothing (a tap on a stream that is passed on as it is). */
  discard?: boolean;
}

function classify(header: TarHeaderFields, pax: Record<string, string>, nextOrdinal: () => number): TarItem {
  if (entryType(header.flag) === undefined) return { kind: 'other' };
  const path = layerEntryPath(header.name);
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (base.startsWith('.wh.')) {
    const dir = slash === -1 ? '' : path.slice(0, slash);
    if (base === '.wh..wh..opq') return { kind: 'opaque', dir };
    if (base.startsWith('.wh..wh.')) return { kind: 'other' };
    return { kind: 'whiteout', path: (dir ? dir + '/' : '') + base.slice(4) };
  }
  if (path === '') return { kind: 'other' };
  return { kind: 'entry', ordinal: nextOrdinal(), path, header, pax };
}

/**
 * A layer tar in, the same tar less the entries `keep` refuses out. Kept entries are copied as the bytes
 * they were (their pax and GNU long-name headers, header block, body and padding), so every kept entry,
 * and a layer that loses nothing, stays byte-identical: re-encoding headers (tar-stream's pack masks the
 * mode to 07777 and rewrites pax records) would change diff_ids of layers nothing was taken from. The
 * output ends with the two zero blocks of a tar's end. Streams: holds one header and at most one entry's
 * extended headers.
 */
export class TarRewrite extends Transform {
  /** Facts of the recorded model entries, by ordinal. */
  readonly facts = new Map<number, EntryFacts>();
  /** Model entries seen, so the caller can check the re-read against the model. */
  entries = 0;
  private readonly header = Buffer.alloc(TAR_BLOCK);
  private headerFill = 0;
  private bodyLeft = 0;
  private paddingLeft = 0;
  private keeping = true;
  private extended: { flag: string; parts: Buffer[]; size: number } | undefined;
  /** Raw bytes of the extended headers waiting for the entry they describe. */
  private pendingRaw: Buffer[] = [];
  private pendingPax: Record<string, string> = {};
  private readonly pendingHeaders = new ExtendedHeaders();
  private hashing: { ordinal: number; hash: Hash; pax: Record<string, string> } | undefined;

  constructor(private readonly options: TarRewriteOptions = {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.feed(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.finish();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Synchronous use, as a tap: the bytes go in here, and with `discard` nothing comes out. */
  feed(chunk: Buffer): void {
    this.write_(chunk);
  }

  finish(): void {
    if (this.bodyLeft > 0 || this.paddingLeft > 0 || this.headerFill > 0) throw new TarFormatError('unexpected end of data');
    this.out(Buffer.alloc(2 * TAR_BLOCK));
  }

  private out(chunk: Buffer): void {
    if (!this.options.discard) this.push(chunk);
  }

  private write_(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.bodyLeft > 0 || this.paddingLeft > 0) {
        const inBody = this.bodyLeft > 0;
        const take = Math.min(inBody ? this.bodyLeft : this.paddingLeft, chunk.length - pos);
        const part = chunk.subarray(pos, pos + take);
        if (this.extended) {
          // An extended header (body and padding) is held until the entry it describes is kept or dropped.
          this.pendingRaw.push(Buffer.from(part));
          if (inBody) this.extended.parts.push(Buffer.from(part));
        } else {
          if (inBody) this.hashing?.hash.update(part);
          if (this.keeping) this.out(part);
        }
        pos += take;
        if (inBody) {
          this.bodyLeft -= take;
          if (this.bodyLeft === 0 && !this.extended) this.finishEntry();
        } else {
          this.paddingLeft -= take;
        }
        if (this.bodyLeft === 0 && this.paddingLeft === 0 && this.extended) this.finishExtended();
        continue;
      }
      const take = Math.min(TAR_BLOCK - this.headerFill, chunk.length - pos);
      chunk.copy(this.header, this.headerFill, pos, pos + take);
      this.headerFill += take;
      pos += take;
      if (this.headerFill === TAR_BLOCK) {
        this.headerFill = 0;
        this.onHeader(Buffer.from(this.header));
      }
    }
  }

  private onHeader(block: Buffer): void {
    // Zero blocks end the archive; writers pad past that. The output gets its own end.
    if (isZeroBlock(block)) return;
    const fields = decodeTarHeader(block);
    if (isExtendedHeader(fields.flag)) {
      if (fields.size > MAX_EXTENDED_HEADER_BYTES) throw new TarFormatError(`extended header of ${fields.size} bytes (the limit is ${MAX_EXTENDED_HEADER_BYTES})`);
      this.pendingRaw.push(block);
      this.extended = { flag: fields.flag, parts: [], size: fields.size };
      this.startBody(fields.size);
      return;
    }
    const pax = this.pendingPax;
    const header = this.pendingHeaders.apply(fields);
    this.pendingPax = {};
    const item = classify(header, pax, () => this.entries++);
    this.keeping = this.options.keep ? this.options.keep(item) : true;
    if (this.keeping) {
      for (const raw of this.pendingRaw) this.out(raw);
      this.out(block);
    }
    this.pendingRaw = [];
    if (item.kind === 'entry' && this.options.record?.(item.ordinal)) {
      const isFile = entryType(header.flag) === 'file';
      this.hashing = { ordinal: item.ordinal, hash: createHash('sha256'), pax };
      if (!isFile) {
        this.facts.set(item.ordinal, { pax });
        this.hashing = undefined;
      }
    }
    this.startBody(isHeaderOnly(header.flag) ? 0 : header.size);
  }

  private startBody(size: number): void {
    this.bodyLeft = size;
    this.paddingLeft = (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
    if (size === 0) {
      if (this.extended) this.finishExtended();
      else this.finishEntry();
    }
  }

  private finishExtended(): void {
    const { flag, parts, size } = this.extended!;
    this.extended = undefined;
    const data = Buffer.concat(parts, size);
    if (flag === 'g') {
      // A global pax header describes no one entry (Go's reader, and so Docker, ignore it): it stays as it was.
      for (const raw of this.pendingRaw) this.out(raw);
      this.pendingRaw = [];
      return;
    }
    this.pendingHeaders.absorb(flag, data);
    if (flag === 'x') this.pendingPax = parsePax(data);
  }

  private finishEntry(): void {
    if (this.hashing) {
      this.facts.set(this.hashing.ordinal, { sha256: 'sha256:' + this.hashing.hash.digest('hex'), pax: this.hashing.pax });
      this.hashing = undefined;
    }
  }
}
