import { constants } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, readdir, readlink, rm, symlink, unlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { InputError } from '../errors.js';
import { HostileEntryError, layerEntryPath } from '../archive/entry-path.js';

/**
 * Writes into one directory and nowhere else. Every name is checked like a layer entry (no `..`, no absolute
 * names), no write ever follows a symlink (parents are lstat'ed one by one, files are opened with O_NOFOLLOW
 * and O_EXCL after the old path is removed), and hard links may only point at regular files inside.
 * Used to unpack an image into a runc rootfs and to export a run's changed files.
 */
export class SafeRoot {
  constructor(readonly root: string, readonly label: string) {}

  /** The image-relative path, or an InputError for a hostile name. */
  relative(name: string): string {
    try {
      return layerEntryPath(name);
    } catch (error) {
      if (error instanceof HostileEntryError) throw new InputError(error.message, this.label);
      throw error;
    }
  }

  full(rel: string): string {
    return rel ? join(this.root, rel) : this.root;
  }

  /** Creates missing parent directories; refuses a parent that is a symlink (writing through it could leave the root). */
  async ensureParents(rel: string): Promise<void> {
    const parts = rel.split('/');
    let current = '';
    for (let i = 0; i < parts.length - 1; i++) {
      current = current ? `${current}/${parts[i]}` : parts[i];
      const info = await lstat(this.full(current)).catch(() => undefined);
      if (info?.isDirectory()) continue;
      if (info?.isSymbolicLink()) throw new InputError(`refusing to write ${rel}: its parent ${current} is a symlink`, this.label);
      if (info) await unlink(this.full(current));
      await mkdir(this.full(current), { mode: 0o755 });
    }
  }

  /** Removes a path (a whole tree for a directory); a symlink is removed itself, never what it points to. */
  async remove(rel: string): Promise<void> {
    if (!rel) throw new InputError('refusing to remove the root', this.label);
    await this.ensureNoSymlinkParent(rel);
    await rm(this.full(rel), { recursive: true, force: true });
  }

  /** Empties a directory (an opaque whiteout hides everything lower layers put there). */
  async clear(rel: string, keep: (name: string) => boolean = () => false): Promise<void> {
    await this.ensureNoSymlinkParent(rel);
    const info = await lstat(this.full(rel)).catch(() => undefined);
    if (!info?.isDirectory()) return;
    for (const name of await readdir(this.full(rel))) {
      if (!keep(name)) await rm(join(this.full(rel), name), { recursive: true, force: true });
    }
  }

  private async ensureNoSymlinkParent(rel: string): Promise<void> {
    const parts = rel.split('/');
    let current = '';
    for (let i = 0; i < parts.length - 1; i++) {
      current = current ? `${current}/${parts[i]}` : parts[i];
      const info = await lstat(this.full(current)).catch(() => undefined);
      if (!info) return;
      if (info.isSymbolicLink()) throw new InputError(`refusing to touch ${rel}: its parent ${current} is a symlink`, this.label);
    }
  }

  /** Clears whatever is at `rel` unless it is a directory and `keepDirectory`. */
  private async makeRoom(rel: string, keepDirectory = false): Promise<void> {
    const info = await lstat(this.full(rel)).catch(() => undefined);
    if (!info) return;
    if (info.isDirectory() && keepDirectory) return;
    await rm(this.full(rel), { recursive: true, force: true });
  }

  async writeFile(rel: string, content: AsyncIterable<Buffer>, mode = 0o644): Promise<number> {
    await this.ensureParents(rel);
    await this.makeRoom(rel);
    const handle = await open(this.full(rel), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode & 0o7777);
    let written = 0;
    try {
      for await (const chunk of content) {
        await handle.write(chunk);
        written += chunk.length;
      }
      await handle.chmod(mode & 0o7777);
    } finally {
      await handle.close();
    }
    return written;
  }

  async mkdir(rel: string, mode = 0o755): Promise<void> {
    if (!rel) return;
    await this.ensureParents(rel);
    await this.makeRoom(rel, true);
    await mkdir(this.full(rel), { mode }).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'EEXIST') throw error; });
    await chmod(this.full(rel), mode & 0o7777);
  }

  /**
   * A symlink is stored as given: it is resolved inside the container, never by us. With `contained`
   * (exported files on the host), a target that would point outside the root is refused instead.
   */
  async symlink(rel: string, target: string, contained = false): Promise<void> {
    if (contained) {
      const resolved = posix.normalize(posix.join(posix.dirname(rel), target));
      if (target.startsWith('/') || resolved === '..' || resolved.startsWith('../')) {
        throw new InputError(`refusing symlink ${rel} -> ${target}: it points outside ${this.root}`, this.label);
      }
    }
    await this.ensureParents(rel);
    await this.makeRoom(rel);
    await symlink(target, this.full(rel));
  }

  /** A hard link to a regular file already inside the root, reached without symlinks. */
  async hardlink(rel: string, targetName: string): Promise<void> {
    const target = this.relative(targetName);
    await this.ensureNoSymlinkParent(target);
    const info = await lstat(this.full(target)).catch(() => undefined);
    if (!info?.isFile()) throw new InputError(`hard link ${rel} -> ${targetName}: the target is not a regular file inside the root`, this.label);
    await this.ensureParents(rel);
    await this.makeRoom(rel);
    await link(this.full(target), this.full(rel));
  }

  /** Owner and times, on the path itself (a symlink is not followed). */
  async setMetadata(rel: string, meta: { uid?: number; gid?: number; mtime?: number; mode?: number }): Promise<void> {
    const full = this.full(rel);
    if (meta.uid !== undefined && meta.gid !== undefined && canChown()) await lchown(full, meta.uid, meta.gid).catch(() => {});
    // chown clears setuid/setgid, so the mode is set again after it.
    if (meta.mode !== undefined) await chmod(full, meta.mode & 0o7777);
    if (meta.mtime !== undefined) {
      const seconds = meta.mtime > 1e11 ? meta.mtime / 1000 : meta.mtime;
      await lutimes(full, seconds, seconds).catch(() => {});
    }
  }

  async readSymlink(rel: string): Promise<string> {
    return readlink(this.full(rel));
  }
}

function canChown(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
