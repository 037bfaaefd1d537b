import type { FileTree } from '../image/filesystem.js';
import type { FileChange } from './change-set.js';

/**
 * What each engine's change list leaves out, filled in from the image's own filesystem: a changed or deleted
 * path's type, size, permission bits and link target before the run, and what a deleted directory held.
 * Docker's /changes (and the overlay's upper dir) report `rm -rf dir` as the directory alone; its files
 * went with it and are counted here, so the totals say what the command removed. Paths another line
 * already lists (the rootfs comparison lists every one) are not counted twice.
 */
export function addImageDetails(changes: FileChange[], tree: FileTree): FileChange[] {
  const listed = new Set(changes.map((c) => c.path));
  return changes.map((change) => {
    if (change.kind === 'added') return change;
    const node = tree.get(change.path);
    const entry = node?.entry;
    const out: FileChange = { ...change };
    if (entry) {
      out.type ??= entry.type;
      if (out.sizeBefore === undefined && entry.type === 'file') out.sizeBefore = entry.size;
      out.modeBefore ??= entry.mode & 0o7777;
      if (entry.type === 'symlink' && entry.linkTarget !== undefined) out.linkTargetBefore ??= entry.linkTarget;
    }
    if (change.kind === 'deleted' && node?.children) {
      const contents = { entries: 0, files: 0, bytes: 0 };
      for (const [path, child] of tree.walk(node)) {
        if (listed.has(path)) continue;
        contents.entries++;
        const isDirectory = child.entry ? child.entry.type === 'directory' : child.children !== undefined;
        if (isDirectory) continue;
        contents.files++;
        if (child.entry?.type === 'file') contents.bytes += child.entry.size;
      }
      if (contents.entries > 0) out.contents = contents;
    }
    return out;
  });
}
