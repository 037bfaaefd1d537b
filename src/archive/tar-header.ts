/**
 * Decoding of tar headers, shared by the outer-archive index (positioned reads) and the layer parser
 * (a stream). Follows what Go's archive/tar reads, since that is what Docker unpacks layers with.
 */

export const TAR_BLOCK = 512;

/** The most bytes one pax or GNU long-name record may hold; real ones are a few hundred. */
export const MAX_EXTENDED_HEADER_BYTES = 1024 * 1024;

export class TarFormatError extends Error {}

/** The fields of one header block, before pax or GNU long names are applied. */
export interface TarHeaderFields {
  /** The typeflag as a character; `'0'` for the NUL flag of old archives. */
  flag: string;
  name: string;
  linkname: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

export function isZeroBlock(block: Buffer, offset = 0): boolean {
  for (let i = offset; i < offset + TAR_BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

export function readTarString(block: Buffer, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && block[end] !== 0) end++;
  return block.toString('utf8', start, end);
}

/** Octal (leading spaces or NULs allowed, ended by space or NUL), or base-256 when the first byte's high bit is set. */
export function readTarNumber(block: Buffer, start: number, length: number): number {
  const end = start + length;
  if (block[start] & 0x80) return readBase256(block, start, end);
  let i = start;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = block[i];
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) throw new TarFormatError(`bad octal number "${block.toString('latin1', start, end).replace(/\0+$/, '')}" in a tar header`);
    value = value * 8 + (c - 0x30);
  }
  return value;
}

/**
 * GNU base-256, read as Go's archive/tar parseNumeric does: the first byte's top bit marks the encoding, the
 * next bit the sign (two's complement). A negative value is read (an mtime before 1970, odd modes); one that
 * does not fit an int64 is refused. Past 2^53 a JS number loses precision, which no real size or time reaches.
 */
function readBase256(block: Buffer, start: number, end: number): number {
  const inv = block[start] & 0x40 ? 0xff : 0x00;
  let x = 0n;
  for (let i = start; i < end; i++) {
    let c = block[i] ^ inv;
    if (i === start) c &= 0x7f;
    if (x >> 56n > 0n) throw new TarFormatError('base-256 number in a tar header overflows int64');
    x = (x << 8n) | BigInt(c);
  }
  if (x >> 63n > 0n) throw new TarFormatError('base-256 number in a tar header overflows int64');
  return Number(inv === 0xff ? -x - 1n : x);
}

/**
 * The unsigned sum of a header's bytes, its checksum field (148–155) left out. Where the block is 4-byte
 * aligned (read buffers are, and headers sit at multiples of 512 in them) it adds whole words, two 16-bit
 * lanes at a time: a lane gathers at most 2 × 126 bytes of 255, which fits.
 */
let wordsOf: ArrayBufferLike | undefined;
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

function byteSum(block: Buffer, offset: number): number {
  const at = block.byteOffset + offset;
  if (at % 4 === 0) {
    // One word view per read buffer, not one per header.
    if (block.buffer !== wordsOf) { wordsOf = block.buffer; words = new Uint32Array(wordsOf, 0, wordsOf.byteLength >>> 2); }
    const base = at >>> 2;
    let lanes = 0;
    for (let i = base; i < base + 37; i++) { const w = words[i]!; lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff); }
    for (let i = base + 39; i < base + 128; i++) { const w = words[i]!; lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff); }
    return (lanes & 0xffff) + (lanes >>> 16);
  }
  let sum = 0;
  for (let i = offset; i < offset + 148; i++) sum += block[i];
  for (let i = offset + 156; i < offset + TAR_BLOCK; i++) sum += block[i];
  return sum;
}

/** Both the unsigned sum POSIX asks for and the signed one some old tars wrote are accepted, as Go does. */
export function tarChecksumMatches(block: Buffer, offset = 0): boolean {
  let stored: number;
  try { stored = readTarNumber(block, offset + 148, 8); } catch { return false; }
  // The checksum field itself counts as eight spaces. Summed in two runs around it, with no test per byte:
  // this runs for every header of every layer.
  const unsigned = 8 * 32 + byteSum(block, offset);
  if (stored === unsigned) return true;
  // The signed sum differs by 256 for each byte above 127; it is only needed when the unsigned one fails.
  let signed = unsigned;
  for (let i = offset; i < offset + TAR_BLOCK; i++) {
    if (block[i] > 127 && (i < offset + 148 || i >= offset + 156)) signed -= 256;
  }
  return stored === signed;
}

/** Decodes the header block at `offset`; the caller has already set aside all-zero blocks. */
export function decodeTarHeader(block: Buffer, offset = 0): TarHeaderFields {
  if (!tarChecksumMatches(block, offset)) throw new TarFormatError('bad header checksum');
  const flagByte = block[offset + 156];
  let flag = flagByte === 0 ? '0' : String.fromCharCode(flagByte);
  let name = readTarString(block, offset, 100);
  // Only POSIX ustar keeps a name prefix at 345; GNU's `ustar  ` keeps access times there.
  if (block[offset + 257] === 0x75 && block.toString('latin1', offset + 257, offset + 263) === 'ustar\0' && block[offset + 345] !== 0) {
    name = readTarString(block, offset + 345, 155) + '/' + name;
  }
  // Archives older than ustar mark a directory with a trailing slash and the old NUL typeflag; Go's archive/tar
  // reads that one flag so, never an explicit '0': a regular file named `x/` stays a file whose body is data.
  if (flagByte === 0 && name.endsWith('/')) flag = '5';
  const size = readTarNumber(block, offset + 124, 12);
  if (size < 0) throw new TarFormatError(`negative size ${size} in a tar header`);
  return {
    flag,
    name,
    linkname: readTarString(block, offset + 157, 100),
    size,
    mode: readTarNumber(block, offset + 100, 8),
    uid: readTarNumber(block, offset + 108, 8),
    gid: readTarNumber(block, offset + 116, 8),
    mtime: readTarNumber(block, offset + 136, 12),
  };
}

/** pax records: `<length> <key>=<value>\n`, one after another. */
export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(32, pos);
    if (space === -1) break;
    const len = parseInt(data.toString('utf8', pos, space), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Header types whose body describes the next entry rather than being an entry. */
export function isExtendedHeader(flag: string): boolean {
  return flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K';
}

/** Types that never carry data, whatever their size field says (Go's isHeaderOnlyType). */
export function isHeaderOnly(flag: string): boolean {
  return flag === '1' || flag === '2' || flag === '3' || flag === '4' || flag === '5' || flag === '6';
}

/**
 * The pax and GNU long-name records seen since the last entry, applied to the next one. Global pax
 * records (`g`) are not applied to entries: Go's archive/tar, which Docker unpacks layers with, does not.
 */
export class ExtendedHeaders {
  private pax: Record<string, string> = {};
  private longName: string | undefined;
  private longLink: string | undefined;

  absorb(flag: string, data: Buffer): void {
    if (flag === 'x') this.pax = parsePax(data);
    else if (flag === 'L') this.longName = readTarString(data, 0, data.length);
    else if (flag === 'K') this.longLink = readTarString(data, 0, data.length);
  }

  /** The entry's fields with the pending records applied; clears the per-entry ones. */
  apply(fields: TarHeaderFields): TarHeaderFields {
    const pax = this.pax;
    const out = { ...fields };
    // Where an archive has both, Go lets the GNU long name win over the pax path, and so do we.
    const name = this.longName ?? pax.path;
    if (name !== undefined) out.name = name;
    const link = this.longLink ?? pax.linkpath;
    if (link !== undefined) out.linkname = link;
    out.size = paxNumber(pax.size, out.size);
    if (out.size < 0) throw new TarFormatError(`negative size ${out.size} in a pax header`);
    out.uid = paxNumber(pax.uid, out.uid);
    out.gid = paxNumber(pax.gid, out.gid);
    out.mtime = paxNumber(pax.mtime, out.mtime);
    this.pax = {};
    this.longName = undefined;
    this.longLink = undefined;
    return out;
  }
}

function paxNumber(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n)) throw new TarFormatError(`bad number "${value}" in a pax header`);
  return n;
}
