import { createHash } from 'node:crypto';
import type { FileTree } from '../image/filesystem.js';
import type { Layer, LayerEntry } from '../image/model.js';
import type { EntryFacts } from '../archive/tar-rewrite.js';
import { shadowedVersions } from './shadowed.js';

/**
 * A digest of a final filesystem, over every path: type, permission bits, uid/gid, size, content sha256,
 * symlink target, pax records (xattrs and the like) and hard-link groups. Two images with the same digest
 * unpack to the same files. Times are left out: unpacking sets them from the entries that stay unchanged.
 */
export interface FilesystemDigest {
  digest: string;
  paths: number;
}

/** pax keys that restate header fields or times; every other record (SCHILY.xattr.*, ...) is part of a file. */
const HEADER_PAX_KEYS = new Set(['path', 'linkpath', 'size', 'uid', 'gid', 'uname', 'gname', 'mtime', 'atime', 'ctime']);

/** The entries whose content the digest needs: every final version, and the versions final hard links name. */
export function entriesToDigest(tree: FileTree, layers: Layer[]): Set<LayerEntry> {
  const { linkTargets } = shadowedVersions(tree, layers);
  const wanted = new Set<LayerEntry>();
  for (const [, node] of tree.walk()) {
    if (!node.entry) continue;
    wanted.add(node.entry);
    const target = linkTargets.get(node.entry);
    if (target) wanted.add(target);
  }
  return wanted;
}

function paxOf(facts: EntryFacts | undefined): [string, string][] {
  return Object.entries(facts?.pax ?? {}).filter(([key]) => !HEADER_PAX_KEYS.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `facts`: what a second read of the layers recorded for each entry `entriesToDigest` named. */
export function filesystemDigest(tree: FileTree, layers: Layer[], facts: Map<LayerEntry, EntryFacts>): FilesystemDigest {
  const { linkTargets } = shadowedVersions(tree, layers);
  const lines: string[] = [];
  const groups = new Map<LayerEntry, string[]>();
  const nodes: [string, LayerEntry | undefined][] = [];
  for (const [path, node] of tree.walk()) {
    nodes.push([path, node.entry]);
    if (!node.entry) continue;
    const inode = linkTargets.get(node.entry) ?? (node.entry.type === 'file' ? node.entry : undefined);
    if (!inode) continue;
    const members = groups.get(inode);
    if (members) members.push(path);
    else groups.set(inode, [path]);
  }
  for (const [path, entry] of nodes) {
    if (!entry) {
      lines.push(JSON.stringify([path, 'implied-directory']));
      continue;
    }
    // A hard link is the file it links to: same inode, same bytes, same mode and owner.
    const file = linkTargets.get(entry) ?? entry;
    const fileFacts = facts.get(file);
    if (file.type === 'file' && fileFacts?.sha256 === undefined) throw new Error(`no content digest recorded for ${path}`);
    const members = groups.get(file);
    const group = members && members.length > 1 ? [...members].sort().join('\0') : '';
    lines.push(JSON.stringify([
      path, file.type === 'hardlink' ? 'dangling-hardlink' : file.type, file.mode & 0o7777, file.uid, file.gid, file.size,
      fileFacts?.sha256 ?? '', file.type === 'symlink' ? file.linkTarget : file.type === 'hardlink' ? file.linkTarget : '', paxOf(fileFacts), group,
    ]));
  }
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line + '\n');
  return { digest: 'sha256:' + hash.digest('hex'), paths: lines.length };
}
