/**
 * A layer's entries as columns, for the way back from a scan worker: structured cloning copies an object
 * per entry field by field into the message and builds it again on this side, which held a layer's entries
 * three times over (worker, message, copy) and lost the ScannedEntry class. The numbers travel as one
 * transferred array, the strings as two plain arrays.
 */
import type { EntryType } from '../image/model.js';
import { ScannedEntry } from '../image/scanned-entry.js';

const TYPES: readonly EntryType[] = ['file', 'directory', 'symlink', 'hardlink', 'char-device', 'block-device', 'fifo'];
/** mode, uid, gid, size, mtime, hash high, hash low (NaN: no hash). */
const STRIDE = 7;

export interface PackedEntries {
  paths: string[];
  /** Sparse: only links have one. */
  linkTargets: Array<string | undefined>;
  types: Uint8Array;
  numbers: Float64Array;
}

export function packEntries(entries: readonly ScannedEntry[]): PackedEntries {
  const paths = new Array<string>(entries.length);
  const linkTargets: Array<string | undefined> = [];
  const types = new Uint8Array(entries.length);
  const numbers = new Float64Array(entries.length * STRIDE);
  entries.forEach((e, i) => {
    paths[i] = e.path;
    if (e.linkTarget !== undefined) linkTargets[i] = e.linkTarget;
    types[i] = TYPES.indexOf(e.type);
    const at = i * STRIDE;
    numbers[at] = e.mode;
    numbers[at + 1] = e.uid;
    numbers[at + 2] = e.gid;
    numbers[at + 3] = e.size;
    numbers[at + 4] = e.mtime;
    numbers[at + 5] = e.hashHigh ?? NaN;
    numbers[at + 6] = e.hashLow ?? NaN;
  });
  return { paths, linkTargets, types, numbers };
}

/** What a message with these entries should transfer rather than copy. */
export function transferablesOf(packed: PackedEntries): ArrayBuffer[] {
  return [packed.types.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer];
}

export function unpackEntries(packed: PackedEntries): ScannedEntry[] {
  const { paths, linkTargets, types, numbers } = packed;
  const entries = new Array<ScannedEntry>(paths.length);
  for (let i = 0; i < paths.length; i++) {
    const at = i * STRIDE;
    const entry = new ScannedEntry(paths[i], TYPES[types[i]], numbers[at], numbers[at + 1], numbers[at + 2], numbers[at + 3], linkTargets[i], numbers[at + 4]);
    if (!Number.isNaN(numbers[at + 5])) {
      entry.hashHigh = numbers[at + 5];
      entry.hashLow = numbers[at + 6];
    }
    entries[i] = entry;
  }
  return entries;
}
