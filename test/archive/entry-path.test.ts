import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { HostileEntryError, layerEntryPath } from '../../src/archive/entry-path.js';
import { seededRandom } from '../seeded-random.js';

/** The rules layerEntryPath follows, written the long way (every name normalized): the fast path must agree. */
function reference(name: string): string | Error {
  if (name.includes('\0')) return new HostileEntryError('nul');
  if (/^\/+(\.\/?)?$/.test(name)) return '';
  if (name.startsWith('/')) return new HostileEntryError('absolute');
  const trimmed = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  const normalized = posix.normalize(trimmed);
  if (normalized === '..' || normalized.startsWith('../')) return new HostileEntryError('escapes');
  return normalized === '.' ? '' : normalized;
}

function outcome(name: string): string | Error {
  try {
    return layerEntryPath(name);
  } catch (error) {
    return error as Error;
  }
}

test('entry names: the plain-name fast path gives what full normalization gives, on 200,000 random names', () => {
  const parts = ['a', 'bin', '.', '..', '', '.wh.x', 'x.', '..y', 'z\0', ' ', '...'];
  const random = seededRandom(7);
  for (let i = 0; i < 200_000; i++) {
    const count = 1 + Math.floor(random() * 5);
    let name = Array.from({ length: count }, () => parts[Math.floor(random() * parts.length)]).join('/');
    if (random() < 0.2) name = '/' + name;
    if (random() < 0.2) name += '/';
    if (random() < 0.1) name = './' + name;
    const want = reference(name);
    const got = outcome(name);
    if (want instanceof Error) assert.ok(got instanceof HostileEntryError, `${JSON.stringify(name)}: expected a refusal, got ${JSON.stringify(got)}`);
    else assert.equal(got, want, JSON.stringify(name));
  }
});

test('entry names: usual names pass unchanged, a directory loses its slash', () => {
  assert.equal(layerEntryPath('usr/lib/x86_64-linux-gnu/libc.so.6'), 'usr/lib/x86_64-linux-gnu/libc.so.6');
  assert.equal(layerEntryPath('etc/'), 'etc');
  assert.equal(layerEntryPath('./etc/passwd'), 'etc/passwd');
  assert.equal(layerEntryPath('a//b/'), 'a/b');
  assert.throws(() => layerEntryPath('a/../../x'), HostileEntryError);
});
