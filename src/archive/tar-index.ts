import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** One member of an uncompressed tar file, located by byte range so it can be read without a full pass. */
export interface TarMember {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  size: number;
  dataOffset: number;
  linkname: string;
}

const BLOCK = 512;

function readString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

/** Octal, or GNU base-256 when the high bit of the first byte is set (sizes over 8 GiB). */
function readNumber(buf: Buffer, start: number, length: number): number {
  if (buf[start] & 0x80) {
    let value = buf[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + buf[i];
    return value;
  }
  const text = readString(buf, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`bad octal number "${text}"`);
  return parseInt(text, 8);
}

function checksumMatches(header: Buffer): boolean {
  const stored = readNumber(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === stored;
}

function parsePax(data: Buffer): Record<string, string> {
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

function memberType(flag: string): TarMember['type'] {
  switch (flag) {
    case '0': case '\0': case '7': case '': return 'file';
    case '5': return 'directory';
    case '2': return 'symlink';
    case '1': return 'hardlink';
    default: return 'other';
  }
}

/**
 * Reads only the 512-byte headers of an uncompressed tar file with positioned reads and skips the data,
 * so an archive of many gigabytes is indexed in milliseconds and each member can later be streamed by range.
 */
export async function indexTarFile(path: string): Promise<Map<string, TarMember>> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, path);
  }
  try {
    const { size: fileSize } = await handle.stat();
    const members = new Map<string, TarMember>();
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    let pax: Record<string, string> = {};
    let globalPax: Record<string, string> = {};
    let longName: string | undefined;
    let longLink: string | undefined;
    let sawEnd = false;
    while (offset + BLOCK <= fileSize) {
      const { bytesRead } = await handle.read(header, 0, BLOCK, offset);
      if (bytesRead < BLOCK) break;
      if (header.every((b) => b === 0)) { sawEnd = true; break; }
      if (!checksumMatches(header)) {
        throw new InputError(`not a valid tar archive (bad header checksum at byte ${offset})`, path);
      }
      let size: number;
      try { size = readNumber(header, 124, 12); } catch { throw new InputError(`corrupt tar header at byte ${offset}`, path); }
      const flag = String.fromCharCode(header[156] || 48);
      const isMeta = flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K';
      if (!isMeta && pax.size) size = Number(pax.size);
      const dataOffset = offset + BLOCK;
      if (dataOffset + size > fileSize) {
        throw new InputError(`truncated archive: member at byte ${offset} needs ${size} bytes, file ends at ${fileSize}`, path);
      }
      offset = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
      if (isMeta) {
        if (size > 16 * 1024 * 1024) throw new InputError(`oversized extended header at byte ${dataOffset}`, path);
        const data = Buffer.alloc(size);
        await handle.read(data, 0, size, dataOffset);
        if (flag === 'x') pax = parsePax(data);
        else if (flag === 'g') globalPax = { ...globalPax, ...parsePax(data) };
        else if (flag === 'L') longName = readString(data, 0, size);
        else longLink = readString(data, 0, size);
        continue;
      }
      const magic = header.toString('latin1', 257, 263);
      const prefix = magic.startsWith('ustar') ? readString(header, 345, 155) : '';
      let name = longName ?? pax.path ?? globalPax.path ?? (prefix ? `${prefix}/${readString(header, 0, 100)}` : readString(header, 0, 100));
      const linkname = longLink ?? pax.linkpath ?? readString(header, 157, 100);
      pax = {};
      longName = undefined;
      longLink = undefined;
      name = normalizeMemberName(name);
      if (name === '') continue;
      members.set(name, { name, type: memberType(flag), size, dataOffset, linkname });
    }
    if (!sawEnd && members.size === 0) throw new InputError('not a tar archive (no entries found)', path);
    return members;
  } finally {
    await handle.close();
  }
}

/** `./blobs/sha256/x` and `blobs/sha256/x` name the same member; directories end with `/` in some writers. */
export function normalizeMemberName(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}
