import { createReadStream, realpathSync, statSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import type { LayerScan } from './layer-scan.js';
import { indexTarFile, normalizeMemberName, type TarMember } from './tar-index.js';

/**
 * The files of an image archive, wherever they live: members of a tar, or files of an OCI layout directory.
 * Names are relative and use `/` (`blobs/sha256/ab…`, `manifest.json`).
 */
export interface ArchiveStore {
  /** What the user named; every error message starts with it. */
  readonly label: string;
  readonly kind: 'tar' | 'directory';
  names(): string[];
  has(name: string): boolean;
  size(name: string): number;
  /** The bytes of a file; `start`/`end` are inclusive byte offsets as in fs.createReadStream. */
  open(name: string, start?: number, end?: number): Readable;
  readHead(name: string, length: number): Promise<Buffer>;
  /** A small file (JSON) as text; refuses files over `limit` bytes so a hostile archive cannot exhaust memory. */
  readText(name: string, limit?: number): Promise<string>;
  /** The same, as bytes: digests are of the bytes as stored, before any decoding. */
  readBytes(name: string, limit?: number): Promise<Buffer>;
  /** Where a file's bytes sit on disk, so a worker thread can read them itself. */
  locate(name: string): FileRange;
  /** A layer the store already scanned while its bytes streamed past (a streamed archive keeps no bytes to scan again). */
  scanned?(name: string): LayerScan | undefined;
}

/** `length` bytes of `file` from `start`. */
export interface FileRange {
  file: string;
  start: number;
  length: number;
}

const MAX_LINK_HOPS = 16;
/**
 * Read size for layer blobs: large enough that per-chunk stream overhead vanishes, small enough that the
 * chunks in flight in every stage of every parallel scan stay a few MB.
 */
export const LAYER_READ_CHUNK = 256 * 1024;
const DEFAULT_TEXT_LIMIT = 32 * 1024 * 1024;

abstract class BaseStore implements ArchiveStore {
  abstract readonly label: string;
  abstract readonly kind: 'tar' | 'directory';
  abstract names(): string[];
  abstract has(name: string): boolean;
  abstract size(name: string): number;
  abstract open(name: string, start?: number, end?: number): Readable;
  abstract locate(name: string): FileRange;
  protected abstract readAt(name: string, buffer: Buffer, length: number, position: number): Promise<number>;

  async readHead(name: string, length: number): Promise<Buffer> {
    const wanted = Math.min(length, this.size(name));
    const buffer = Buffer.alloc(wanted);
    const read = await this.readAt(name, buffer, wanted, 0);
    return buffer.subarray(0, read);
  }

  async readText(name: string, limit = DEFAULT_TEXT_LIMIT): Promise<string> {
    return (await this.readBytes(name, limit)).toString('utf8');
  }

  async readBytes(name: string, limit = DEFAULT_TEXT_LIMIT): Promise<Buffer> {
    const size = this.size(name);
    if (size > limit) throw new InputError(`${name} is ${size} bytes, more than the ${limit} a metadata file may have`, this.label);
    return this.readHead(name, size);
  }
}

/** An uncompressed tar on disk, indexed by headers and read by byte range. */
export class TarFileStore extends BaseStore {
  readonly kind = 'tar' as const;
  private constructor(readonly label: string, private readonly file: string, private readonly members: Map<string, TarMember>) {
    super();
  }

  static async open(file: string, label = file): Promise<TarFileStore> {
    const members = await indexTarFile(file).catch((error) => {
      if (error instanceof InputError) throw new InputError(error.message.replace(`${file}: `, ''), label);
      throw error;
    });
    return new TarFileStore(label, file, members);
  }

  /** The whole archive as one stream: a docker export is itself the single layer. */
  openArchive(): Readable {
    return createReadStream(this.file, { highWaterMark: LAYER_READ_CHUNK });
  }

  archiveRange(): FileRange {
    return { file: this.file, start: 0, length: statSync(this.file).size };
  }

  async archiveHead(length: number): Promise<Buffer> {
    const handle = await open(this.file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  names(): string[] {
    return [...this.members.values()].filter((m) => m.type !== 'directory').map((m) => m.name);
  }

  /** Follows symlinks and hard links between members: docker save may store a shared layer once and link to it. */
  private resolve(name: string): TarMember | undefined {
    let current = this.members.get(normalizeMemberName(name));
    for (let hops = 0; current && (current.type === 'symlink' || current.type === 'hardlink'); hops++) {
      if (hops >= MAX_LINK_HOPS) throw new InputError(`symlink loop at ${name} inside the archive`, this.label);
      const target = current.type === 'symlink' ? posix.join(posix.dirname(current.name), current.linkname) : current.linkname;
      const normalized = normalizeMemberName(posix.normalize(target));
      if (normalized.startsWith('../')) throw new InputError(`${current.name} links outside the archive (${current.linkname})`, this.label);
      current = this.members.get(normalized);
    }
    return current;
  }

  has(name: string): boolean {
    try { return this.resolve(name)?.type === 'file'; } catch { return false; }
  }

  private member(name: string): TarMember {
    const member = this.resolve(name);
    if (!member || member.type !== 'file') throw new InputError(`missing ${name} in the archive`, this.label);
    return member;
  }

  size(name: string): number {
    return this.member(name).size;
  }

  locate(name: string): FileRange {
    const member = this.member(name);
    return { file: this.file, start: member.dataOffset, length: member.size };
  }

  open(name: string, start = 0, end?: number): Readable {
    const member = this.member(name);
    const last = Math.min(end ?? member.size - 1, member.size - 1);
    if (member.size === 0 || last < start) return createReadStream(this.file, { start: 0, end: -1 });
    return createReadStream(this.file, { start: member.dataOffset + start, end: member.dataOffset + last, highWaterMark: LAYER_READ_CHUNK });
  }

  protected async readAt(name: string, buffer: Buffer, length: number, position: number): Promise<number> {
    const member = this.member(name);
    const handle = await open(this.file, 'r');
    try {
      const { bytesRead } = await handle.read(buffer, 0, length, member.dataOffset + position);
      return bytesRead;
    } finally {
      await handle.close();
    }
  }
}

/** An OCI image layout directory. Files are only ever read from inside it. */
export class DirectoryStore extends BaseStore {
  readonly kind = 'directory' as const;
  private constructor(readonly label: string, private readonly root: string, private readonly files: Map<string, number>) {
    super();
  }

  static async open(dir: string): Promise<DirectoryStore> {
    const root = realpathSync(dir);
    const files = new Map<string, number>();
    async function walk(rel: string, depth: number): Promise<void> {
      if (depth > 8) return;
      for (const dirent of await readdir(join(root, rel), { withFileTypes: true })) {
        const name = rel ? `${rel}/${dirent.name}` : dirent.name;
        if (dirent.isDirectory()) await walk(name, depth + 1);
        else if (dirent.isFile() || dirent.isSymbolicLink()) {
          const full = join(root, name);
          let real: string;
          try { real = realpathSync(full); } catch { continue; } // dangling link: treated as missing
          const within = relative(root, real);
          if (within.startsWith('..') || within.startsWith(sep)) {
            throw new InputError(`${name} links outside the layout directory`, dir);
          }
          const info = await stat(real);
          if (info.isFile()) files.set(name, info.size);
        }
      }
    }
    await walk('', 0);
    return new DirectoryStore(dir, root, files);
  }

  names(): string[] { return [...this.files.keys()]; }
  has(name: string): boolean { return this.files.has(normalizeMemberName(name)); }

  size(name: string): number {
    const size = this.files.get(normalizeMemberName(name));
    if (size === undefined) throw new InputError(`missing ${name} in the layout directory`, this.label);
    return size;
  }

  locate(name: string): FileRange {
    return { file: join(this.root, normalizeMemberName(name)), start: 0, length: this.size(name) };
  }

  open(name: string, start = 0, end?: number): Readable {
    const size = this.size(name);
    if (size === 0) return createReadStream(join(this.root, normalizeMemberName(name)), { start: 0, end: -1 });
    return createReadStream(join(this.root, normalizeMemberName(name)), { start, end: end ?? size - 1, highWaterMark: LAYER_READ_CHUNK });
  }

  protected async readAt(name: string, buffer: Buffer, length: number, position: number): Promise<number> {
    this.size(name);
    const handle = await open(join(this.root, normalizeMemberName(name)), 'r');
    try {
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return bytesRead;
    } finally {
      await handle.close();
    }
  }
}
