import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { ExtendedHeaders, MAX_EXTENDED_HEADER_BYTES, TAR_BLOCK, decodeTarHeader, isExtendedHeader, isHeaderOnly, isZeroBlock, type TarHeaderFields } from './tar-header.js';

/** One member of an uncompressed tar file, located by byte range so it can be read without a full pass. */
export interface TarMember {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  size: number;
  dataOffset: number;
  linkname: string;
}

function memberType(flag: string): TarMember['type'] {
  switch (flag) {
    case '0': case '7': return 'file';
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
    const header = Buffer.alloc(TAR_BLOCK);
    const extended = new ExtendedHeaders();
    let offset = 0;
    let sawEnd = false;
    while (offset + TAR_BLOCK <= fileSize) {
      const { bytesRead } = await handle.read(header, 0, TAR_BLOCK, offset);
      if (bytesRead < TAR_BLOCK) break;
      if (isZeroBlock(header)) { sawEnd = true; break; }
      let fields: TarHeaderFields;
      try {
        fields = decodeTarHeader(header);
      } catch (error) {
        throw new InputError(`not a valid tar archive (${(error as Error).message} at byte ${offset})`, path);
      }
      const meta = isExtendedHeader(fields.flag);
      if (!meta) {
        try { fields = extended.apply(fields); } catch (error) { throw new InputError(`corrupt tar header at byte ${offset} (${(error as Error).message})`, path); }
      }
      const size = isHeaderOnly(fields.flag) ? 0 : fields.size;
      const dataOffset = offset + TAR_BLOCK;
      if (dataOffset + size > fileSize) {
        throw new InputError(`truncated archive: member at byte ${offset} needs ${size} bytes, file ends at ${fileSize}`, path);
      }
      offset = dataOffset + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
      if (meta) {
        if (size > MAX_EXTENDED_HEADER_BYTES) throw new InputError(`oversized extended header at byte ${dataOffset}`, path);
        const data = Buffer.alloc(size);
        await handle.read(data, 0, size, dataOffset);
        extended.absorb(fields.flag, data);
        continue;
      }
      const name = normalizeMemberName(fields.name);
      if (name === '') continue;
      members.set(name, { name, type: memberType(fields.flag), size, dataOffset, linkname: fields.linkname });
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
