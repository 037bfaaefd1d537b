import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_META_LIMIT, sharedMeta } from '../../src/image/entry-meta.js';
import type { EntryType } from '../../src/image/model.js';
import { ScannedEntry } from '../../src/image/scanned-entry.js';
import { seededRandom } from '../seeded-random.js';

const TYPES: EntryType[] = ['file', 'directory', 'symlink', 'hardlink', 'char-device', 'block-device', 'fifo'];

test('a shared record holds the values it was asked for, the same record for the same values', () => {
  const random = seededRandom(21);
  const pick = (n: number) => Math.floor(random() * n);
  for (let round = 0; round < 20000; round++) {
    // Few owners and modes (shared), now and then one no other entry has (past the cache's bound).
    const type = TYPES[pick(TYPES.length)];
    const mode = random() < 0.9 ? [0o644, 0o755, 0o600][pick(3)] : pick(0o7777 + 1);
    const uid = random() < 0.9 ? pick(3) : pick(1 << 30);
    const gid = random() < 0.9 ? pick(3) : pick(1 << 30);
    const meta = sharedMeta(type, mode, uid, gid);
    assert.deepEqual({ ...meta }, { type, mode, uid, gid });
    const again = sharedMeta(type, mode, uid, gid);
    assert.deepEqual({ ...again }, { type, mode, uid, gid });
    if (uid < 3 && gid < 3 && [0o644, 0o755, 0o600].includes(mode)) assert.equal(again, meta, 'common values share one record');
  }
  // The rare values alone were more than the bound: records past it are still right, only not shared.
  const past = sharedMeta('file', 0o644, SHARED_META_LIMIT * 1000 + 1, 5);
  assert.deepEqual({ ...past }, { type: 'file', mode: 0o644, uid: SHARED_META_LIMIT * 1000 + 1, gid: 5 });
});

test('a scanned entry reads and changes type, mode and owner through its shared record', () => {
  const entry = new ScannedEntry('etc/passwd', 'file', 0o644, 0, 0, 10, undefined, 1);
  const other = new ScannedEntry('etc/group', 'file', 0o644, 0, 0, 20, undefined, 2);
  assert.deepEqual([entry.type, entry.mode, entry.uid, entry.gid], ['file', 0o644, 0, 0]);
  entry.mode = 0o600;
  entry.uid = 1000;
  assert.deepEqual([entry.type, entry.mode, entry.uid, entry.gid], ['file', 0o600, 1000, 0]);
  assert.deepEqual([other.type, other.mode, other.uid, other.gid], ['file', 0o644, 0, 0], 'the other entry keeps its values');
  assert.deepEqual(entry.toJSON(), { path: 'etc/passwd', type: 'file', mode: 0o600, uid: 1000, gid: 0, size: 10, linkTarget: undefined, mtime: 1, contentHash: undefined });
});
