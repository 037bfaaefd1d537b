/**
 * A layer's entries as columns, for the way back from a scan worker. A worker fills them as it reads the tar
 * (its heap holds no object per entry), the numbers travel as one transferred array and the strings as two
 * plain arrays; this side makes the model's ScannedEntry objects. Structured cloning of entry objects held a
 * layer's entries three times over (worker, message, copy) and lost the class.
 */
import type { EntryType } from '../image/model.js';
import { ScannedEntry } from '../image/scanned-entry.js';
import type { EntrySink } from './layer-scan.js';

const TYPES: readonly EntryType[] = ['file', 'directory', 'symlink', 'hardlink', 'char-device', 'block-device', 'fifo'];
const TYPE_CODES = Object.fromEntries(TYPES.map((type, code) => [type, code])) as Record<EntryType, number>;
/** mode, uid, gid, size, mtime, hash high, hash low (NaN: no hash). */
const STRIDE = 7;

export interface PackedEntries {
  paths: string[];
  /** Sparse: only links have one. */
  linkTargets: Array<string | undefined>;
  types: Uint8Array;
  numbers: Float64Array;
}

/** A scan's entry sink (layer-scan.ts) that fills the columns as the tar is read. */
export class PackedEntriesBuilder implements EntrySink<PackedEntries> {
  private readonly paths: string[] = [];
  private readonly linkTargets: Array<string | undefined> = [];
  private types = new Uint8Array(1024);
  private numbers = new Float64Array(1024 * STRIDE);

  add(path: string, type: EntryType, mode: number, uid: number, gid: number, size: number, linkTarget: string | undefined, mtime: number): void {
    const i = this.paths.length;
    if (i === this.types.length) this.grow();
    this.paths.push(path);
    if (linkTarget !== undefined) this.linkTargets[i] = linkTarget;
    this.types[i] = TYPE_CODES[type];
    const at = i * STRIDE;
    const numbers = this.numbers;
    numbers[at] = mode;
    numbers[at + 1] = uid;
    numbers[at + 2] = gid;
    numbers[at + 3] = size;
    numbers[at + 4] = mtime;
    numbers[at + 5] = NaN;
    numbers[at + 6] = NaN;
  }

  setDigest(digest: bigint): void {
    const at = (this.paths.length - 1) * STRIDE;
    this.numbers[at + 5] = Number(digest >> 32n) | 0;
    this.numbers[at + 6] = Number(digest & 0xffffffffn) | 0;
  }

  /** Exactly as long as the entries, so a transfer moves no spare capacity. */
  result(): PackedEntries {
    const n = this.paths.length;
    const full = n === this.types.length;
    return { paths: this.paths, linkTargets: this.linkTargets, types: full ? this.types : this.types.slice(0, n), numbers: full ? this.numbers : this.numbers.slice(0, n * STRIDE) };
  }

  private grow(): void {
    const types = new Uint8Array(this.types.length * 2);
    types.set(this.types);
    this.types = types;
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

/** What a message with these entries should transfer rather than copy. */
export function transferablesOf(packed: PackedEntries): ArrayBuffer[] {
  return [packed.types.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer];
}

/**
 * A number read from a Float64Array is a heap number; stored in an object it makes V8 keep that field of
 * every entry as a boxed double (16 bytes more each, ~3.5 fields an entry: 54 MB at a million files). An
 * integer that fits 32 bits goes back as a small integer, which is stored inline.
 */
function small(value: number): number {
  const int = value | 0;
  return int === value ? int : value;
}

export function unpackEntries(packed: PackedEntries): ScannedEntry[] {
  const { paths, linkTargets, types, numbers } = packed;
  const entries = new Array<ScannedEntry>(paths.length);
  for (let i = 0; i < paths.length; i++) {
    const at = i * STRIDE;
    const entry = new ScannedEntry(paths[i], TYPES[types[i]], small(numbers[at]), small(numbers[at + 1]), small(numbers[at + 2]), small(numbers[at + 3]), linkTargets[i], small(numbers[at + 4]));
    if (!Number.isNaN(numbers[at + 5])) {
      entry.hashHigh = numbers[at + 5] | 0;
      entry.hashLow = numbers[at + 6] | 0;
    }
    entries[i] = entry;
  }
  return entries;
}
