import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntryType } from '../image/model.js';
import { sortChanges, type FileChange } from './change-set.js';

/** One path's state; two states that differ in anything here are a change. */
export interface PathState {
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  linkTarget?: string;
  /** sha1 of files up to HASH_LIMIT bytes: catches a rewrite that kept size and mtime (same-second writes). */
  hash?: string;
}

const HASH_LIMIT = 4 * 1024 * 1024;

/** The model's entry type of a file on disk (lstat). */
export function entryTypeOfStats(info: import('node:fs').Stats): EntryType {
  if (info.isDirectory()) return 'directory';
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isCharacterDevice()) return 'char-device';
  if (info.isBlockDevice()) return 'block-device';
  if (info.isFIFO()) return 'fifo';
  return 'file';
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Every path under `root` (lstat only, never following a symlink). `skip` names top-level paths that are
 * mount points while the container runs (proc, sys, dev): what shows there is not the image's.
 */
export async function snapshotRootfs(root: string, skip: Set<string> = new Set()): Promise<Map<string, PathState>> {
  const states = new Map<string, PathState>();
  async function walk(rel: string): Promise<void> {
    for (const name of await readdir(rel ? join(root, rel) : root)) {
      const path = rel ? `${rel}/${name}` : name;
      if (skip.has(path)) continue;
      const full = join(root, path);
      const info = await lstat(full);
      const type = entryTypeOfStats(info);
      const state: PathState = { type, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, size: type === 'file' ? info.size : 0, mtimeMs: info.mtimeMs };
      if (type === 'symlink') state.linkTarget = await readlink(full);
      if (type === 'file' && info.size <= HASH_LIMIT) state.hash = await hashFile(full);
      states.set(path, state);
      if (type === 'directory') await walk(path);
    }
  }
  await walk('');
  return states;
}

function differs(a: PathState, b: PathState): boolean {
  return a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.size !== b.size
    || a.mtimeMs !== b.mtimeMs || a.linkTarget !== b.linkTarget || a.hash !== b.hash;
}

/** Before/after comparison in the shape of Docker's /changes, plus sizes. */
export function compareSnapshots(before: Map<string, PathState>, after: Map<string, PathState>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [path, state] of after) {
    const old = before.get(path);
    const after = { mode: state.mode, ...(state.linkTarget !== undefined ? { linkTarget: state.linkTarget } : {}) };
    if (!old) changes.push({ path, kind: 'added', type: state.type, size: state.size, ...after });
    else if (differs(old, state)) changes.push({ path, kind: 'changed', type: state.type, size: state.size, sizeBefore: old.size, ...after });
  }
  for (const [path, state] of before) {
    if (!after.has(path)) changes.push({ path, kind: 'deleted', type: state.type, sizeBefore: state.size });
  }
  return sortChanges(changes);
}
