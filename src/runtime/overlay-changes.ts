import { spawnSync } from 'node:child_process';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { sortChanges, type FileChange } from './change-set.js';
import { entryTypeOfStats } from './rootfs-snapshot.js';

/**
 * The runc engine's fast change detection: the unpacked image is the read-only lower dir of an overlay mount,
 * the container writes into the upper dir, and the upper dir is the change set, as Docker's overlay2 driver
 * computes `docker diff`. Needs root (or a kernel and mount that allow it); callers fall back to comparing
 * snapshots of the rootfs when the mount is refused.
 */
export function mountOverlay(lower: string, upper: string, work: string, merged: string): { ok: true } | { ok: false; reason: string } {
  // The option string is comma- and colon-separated; a temp path with either cannot be passed safely.
  if ([lower, upper, work].some((p) => /[,:]/.test(p))) return { ok: false, reason: 'the temp path contains "," or ":"' };
  const result = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, merged], { encoding: 'utf8' });
  if (result.error) return { ok: false, reason: `mount: ${(result.error as NodeJS.ErrnoException).code ?? result.error.message}` };
  if (result.status !== 0) return { ok: false, reason: (result.stderr || `mount exited ${result.status}`).trim().split('\n')[0] };
  return { ok: true };
}

export function unmountOverlay(merged: string): boolean {
  if (spawnSync('umount', [merged]).status === 0) return true;
  // Busy (a process of the container still inside): detach it, the kernel frees it when the last user goes.
  return spawnSync('umount', ['-l', merged]).status === 0;
}


/**
 * Reads the upper dir while the overlay is still mounted. A path in upper that the lower has is changed,
 * one it lacks is added. Deletions are what the lower has in a directory the container touched (every
 * delete copies its parent up) that the merged view no longer shows: that covers both whiteouts (0/0
 * char devices) and opaque directories, whose xattr Node cannot read. `skip` names top-level mount points.
 */
export async function upperChanges(lower: string, upper: string, merged: string, skip: Set<string> = new Set()): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  const stat = (path: string) => lstat(path).catch(() => undefined);
  async function walk(rel: string): Promise<void> {
    for (const name of await readdir(rel ? join(upper, rel) : upper)) {
      const path = rel ? `${rel}/${name}` : name;
      if (!rel && skip.has(path)) continue;
      const info = await lstat(join(upper, path));
      const lowerInfo = await stat(join(lower, path));
      const isWhiteout = info.isCharacterDevice() && info.rdev === 0;
      if (isWhiteout) {
        if (lowerInfo) await addDeleted(path, lowerInfo);
        continue;
      }
      const type = entryTypeOfStats(info);
      const size = type === 'file' ? info.size : 0;
      const after = { mode: info.mode & 0o7777, ...(type === 'symlink' ? { linkTarget: await readlink(join(upper, path)) } : {}) };
      if (!lowerInfo) changes.push({ path, kind: 'added', type, size, ...after });
      else changes.push({ path, kind: 'changed', type, size, sizeBefore: lowerInfo.isFile() ? lowerInfo.size : 0, ...after });
      if (type === 'directory') {
        if (lowerInfo?.isDirectory()) await deletedBelow(path);
        if (!lowerInfo?.isDirectory()) await listAdded(path);
        else await walk(path);
      }
    }
  }
  // A directory new in upper (or replacing a non-directory): everything below it is added.
  async function listAdded(rel: string): Promise<void> {
    for (const name of await readdir(join(upper, rel))) {
      const path = `${rel}/${name}`;
      const info = await lstat(join(upper, path));
      const type = entryTypeOfStats(info);
      changes.push({ path, kind: 'added', type, size: type === 'file' ? info.size : 0, mode: info.mode & 0o7777, ...(type === 'symlink' ? { linkTarget: await readlink(join(upper, path)) } : {}) });
      if (type === 'directory') await listAdded(path);
    }
  }
  async function deletedBelow(rel: string): Promise<void> {
    const shown = new Set(await readdir(join(merged, rel)).catch(() => [] as string[]));
    for (const name of await readdir(join(lower, rel))) {
      if (shown.has(name)) continue;
      const path = `${rel}/${name}`;
      // A whiteout in upper is reported by the walk itself.
      const inUpper = await stat(join(upper, path));
      if (inUpper?.isCharacterDevice() && inUpper.rdev === 0) continue;
      await addDeleted(path, await lstat(join(lower, path)));
    }
  }
  async function addDeleted(path: string, info: import('node:fs').Stats): Promise<void> {
    const type = entryTypeOfStats(info);
    changes.push({ path, kind: 'deleted', type, sizeBefore: type === 'file' ? info.size : 0 });
    // Like `docker diff`, a deleted directory is one line: its contents went with it.
  }
  await walk('');
  return sortChanges(changes);
}
