/**
 * The list `tsimage batch` reads: one image a line — an archive path, a directory, `docker://…`,
 * `podman://…`, `registry://…` or a bare NAME:TAG — as analyze takes it. `#` starts a comment line; blank
 * lines are skipped. Positions count the entries (not the lines) from 0, the same in every shard.
 */
import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { FleetListEntry } from './types.js';

export function parseFleetList(text: string, listName = 'the list'): FleetListEntry[] {
  const entries: FleetListEntry[] = [];
  const lineOf = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const ref = lines[i].trim();
    if (ref === '' || ref.startsWith('#')) continue;
    // The ref is the row's key for --baseline and merge: two rows with one key could not be told apart.
    const earlier = lineOf.get(ref);
    if (earlier !== undefined) throw new UsageError(`${listName}: line ${i + 1} repeats line ${earlier + 1} (${ref}); list each image once`);
    lineOf.set(ref, i);
    entries.push({ ref, position: entries.length });
  }
  if (entries.length === 0) throw new UsageError(`${listName}: no image listed (one archive path or image reference a line)`);
  return entries;
}

/**
 * What to open for a list entry: a relative path is taken from the list file's folder, so a list checked in
 * beside its archives works from any working directory. A ref with a scheme, or one that names no file
 * there (a bare NAME:TAG for the engine), is passed on as written.
 */
export function entryInput(ref: string, listDir: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || isAbsolute(ref)) return ref;
  const candidate = resolve(listDir, ref);
  return existsSync(candidate) ? candidate : ref;
}
