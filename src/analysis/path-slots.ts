/**
 * Path strings numbered in the order they were first added (0, 1, 2, ...), for a number of paths known up front.
 * A Map of a million paths was ~28 MB, and as it grew it left each smaller table behind as garbage (as much
 * again, while the file tree was being built beside it); this is one Int32Array of twice the capacity and one
 * array of the strings, both sized once.
 */
export class PathSlots {
  /** Open addressing, linear probing: slot + 1 at a key's place, 0 where empty. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** The key of each slot. */
  private readonly keys: string[];
  private count = 0;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    this.keys = new Array<string>(capacity);
  }

  get size(): number {
    return this.count;
  }

  keyOf(slot: number): string {
    return this.keys[slot];
  }

  /**
   * The key's slot, numbering it next when it is new (then the slot is the size before). Past the capacity this
   * throws: the caller sized it.
   */
  slotOf(key: string): number {
    let at = hash(key) & this.mask;
    for (;;) {
      const stored = this.table[at];
      if (stored === 0) break;
      if (this.keys[stored - 1] === key) return stored - 1;
      at = (at + 1) & this.mask;
    }
    if (this.count === this.keys.length) throw new Error(`more than the ${this.keys.length} paths this was sized for`);
    const slot = this.count++;
    this.keys[slot] = key;
    this.table[at] = slot + 1;
    return slot;
  }
}

/** FNV-1a over the UTF-16 code units. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
