/** SharedResults: one result per distinct key while keys repeat; a plain call per key once they do not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedResults } from '../src/shared-results.js';

test('equal keys share one result, made once', () => {
  let made = 0;
  const shared = new SharedResults((key) => { made++; return { key }; });
  const first = shared.get('RUN apt-get update');
  for (let i = 0; i < 20_000; i++) assert.equal(shared.get('RUN apt-get update'), first);
  assert.equal(made, 1);
});

test('undefined results are shared too', () => {
  let made = 0;
  const shared = new SharedResults((): undefined => { made++; return undefined; });
  shared.get('x');
  shared.get('x');
  assert.equal(made, 1);
});

test('keys that do not repeat: the map is dropped after the first 10,000, results stay right', () => {
  let made = 0;
  const shared = new SharedResults((key) => { made++; return key.length; });
  for (let i = 0; i < 30_000; i++) assert.equal(shared.get(`line ${i}`), `line ${i}`.length);
  assert.equal(made, 30_000);
  // Dropped: a repeat now is made again rather than looked up.
  shared.get('line 1');
  assert.equal(made, 30_001);
});

test('repeating keys past 50,000 distinct ones: the map keeps the first 50,000', () => {
  let made = 0;
  const shared = new SharedResults((key) => { made++; return key; });
  for (let i = 0; i < 60_000; i++) { shared.get(`a${i}`); shared.get(`a${i}`); }
  assert.equal(made, 60_000 + 10_000);
  shared.get('a0');
  assert.equal(made, 70_000);
});

test('makeAlone makes the results no lookup can share: after the map is dropped, and past 50,000 keys', () => {
  const alone: string[] = [];
  const dropped = new SharedResults((key) => key, (key) => { alone.push(key); return key; });
  for (let i = 0; i < 10_001; i++) dropped.get(`line ${i}`);
  assert.deepEqual(alone, ['line 10000']);
  alone.length = 0;
  const full = new SharedResults((key) => key, (key) => { alone.push(key); return key; });
  for (let i = 0; i < 50_001; i++) { full.get(`a${i}`); full.get(`a${i}`); }
  assert.deepEqual(alone, ['a50000', 'a50000']);
});
