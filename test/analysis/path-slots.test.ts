import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PathSlots } from '../../src/analysis/path-slots.js';
import { seededRandom } from '../seeded-random.js';

test('path slots number paths as a Map in insertion order does, on 200 random runs', () => {
  const random = seededRandom(5);
  for (let round = 0; round < 200; round++) {
    const adds = Math.floor(random() * 3000);
    // Few distinct paths in some rounds (many repeats, long probe runs), many in others.
    const distinct = 1 + Math.floor(random() * (random() < 0.5 ? 50 : 5000));
    const slots = new PathSlots(adds);
    const reference = new Map<string, number>();
    for (let k = 0; k < adds; k++) {
      // A fresh string each time, so equal paths are equal by content, not the same object.
      const path = ['usr', 'lib', `f${Math.floor(random() * distinct)}`].join('/');
      if (!reference.has(path)) reference.set(path, reference.size);
      const before = slots.size;
      const slot = slots.slotOf(path);
      assert.equal(slot, reference.get(path), `round ${round}: ${path}`);
      assert.equal(slot === before, reference.get(path) === reference.size - 1 && slots.size === before + 1);
    }
    assert.equal(slots.size, reference.size);
    for (const [path, slot] of reference) assert.equal(slots.keyOf(slot), path);
  }
});

test('path slots refuse more paths than they were sized for', () => {
  const slots = new PathSlots(2);
  slots.slotOf('a');
  slots.slotOf('b');
  assert.equal(slots.slotOf('a'), 0, 'a known path is still found when full');
  assert.throws(() => slots.slotOf('c'), /more than the 2 paths/);
});
