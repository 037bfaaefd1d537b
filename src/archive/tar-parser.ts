import {
  ExtendedHeaders, MAX_EXTENDED_HEADER_BYTES, TAR_BLOCK, TarFormatError, decodeTarHeader, isExtendedHeader, isHeaderOnly,
  isZeroBlock, type TarHeaderFields,
} from './tar-header.js';

/** What a layer scan does with each entry. `data` gets views of the caller's buffer: copy what you keep. */
export interface TarEntryHandler {
  entry(header: TarHeaderFields): void;
  data(chunk: Buffer): void;
  entryEnd(): void;
}

/**
 * A push parser for a tar stream: `write` any slicing of the bytes, `end` when they stop. It is synchronous
 * and keeps no reference to a written buffer once `write` returns, so the caller may reuse its read buffer.
 * (tar-stream gives every entry its own stream; at a hundred thousand entries that bookkeeping cost more
 * than hashing the data.)
 */
export class TarParser {
  private readonly header = Buffer.alloc(TAR_BLOCK);
  private headerFill = 0;
  /** Body bytes of the current entry still to come, then its padding to the next block. */
  private bodyLeft = 0;
  private paddingLeft = 0;
  private current: TarHeaderFields | undefined;
  private extended: { flag: string; parts: Buffer[]; size: number } | undefined;
  private readonly pendingHeaders = new ExtendedHeaders();
  /** Stream position of the first byte of `write`'s chunk, and of a header assembled across chunks. */
  private offset = 0;
  private headerStart = 0;

  constructor(private readonly handler: TarEntryHandler) {}

  write(chunk: Buffer): void {
    let pos = 0;
    const length = chunk.length;
    while (pos < length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, length - pos);
        const part = chunk.subarray(pos, pos + take);
        if (this.extended) this.extended.parts.push(Buffer.from(part));
        else this.handler.data(part);
        this.bodyLeft -= take;
        pos += take;
        if (this.bodyLeft === 0) this.finishBody();
        continue;
      }
      if (this.paddingLeft > 0) {
        const take = Math.min(this.paddingLeft, length - pos);
        this.paddingLeft -= take;
        pos += take;
        continue;
      }
      if (this.headerFill === 0 && length - pos >= TAR_BLOCK) {
        this.onHeader(chunk, pos, this.offset + pos);
        pos += TAR_BLOCK;
        continue;
      }
      if (this.headerFill === 0) this.headerStart = this.offset + pos;
      const take = Math.min(TAR_BLOCK - this.headerFill, length - pos);
      chunk.copy(this.header, this.headerFill, pos, pos + take);
      this.headerFill += take;
      pos += take;
      if (this.headerFill === TAR_BLOCK) {
        this.headerFill = 0;
        this.onHeader(this.header, 0, this.headerStart);
      }
    }
    this.offset += length;
  }

  /** Throws when the stream stopped inside a header, a body or its padding. */
  end(): void {
    if (this.bodyLeft > 0 || this.paddingLeft > 0 || this.headerFill > 0) {
      throw new TarFormatError('unexpected end of data');
    }
  }

  private onHeader(block: Buffer, at: number, streamOffset: number): void {
    // Two zero blocks end the archive; writers pad past that, so zero blocks are skipped wherever they are.
    if (isZeroBlock(block, at)) return;
    let fields: TarHeaderFields;
    try {
      fields = decodeTarHeader(block, at);
    } catch (error) {
      throw new TarFormatError(`${(error as Error).message} at byte ${streamOffset}`);
    }
    if (isExtendedHeader(fields.flag)) {
      if (fields.size > MAX_EXTENDED_HEADER_BYTES) throw new TarFormatError(`extended header of ${fields.size} bytes (the limit is ${MAX_EXTENDED_HEADER_BYTES})`);
      this.extended = { flag: fields.flag, parts: [], size: fields.size };
      this.startBody(fields.size);
      return;
    }
    const header = this.pendingHeaders.apply(fields);
    this.current = header;
    this.handler.entry(header);
    this.startBody(isHeaderOnly(header.flag) ? 0 : header.size);
  }

  private startBody(size: number): void {
    this.bodyLeft = size;
    this.paddingLeft = (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
    if (size === 0) this.finishBody();
  }

  private finishBody(): void {
    if (this.extended) {
      const { flag, parts, size } = this.extended;
      this.extended = undefined;
      this.pendingHeaders.absorb(flag, Buffer.concat(parts, size));
      return;
    }
    if (this.current) {
      this.current = undefined;
      this.handler.entryEnd();
    }
  }
}
