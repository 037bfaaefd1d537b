import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { addOperands } from '../../rules/add-instead-of-copy.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';

test('reads ADD operands in BuildKit and legacy shapes', () => {
  assert.deepEqual(addOperands('notes.txt /opt/app/notes.txt'), { sources: ['notes.txt'], destination: '/opt/app/notes.txt' });
  assert.equal(addOperands(`file:${'a'.repeat(64)} /x`).hidden, 'file');
  assert.equal(addOperands(`dir:${'a'.repeat(64)} in /x`).hidden, 'dir');
});

test('does not fire for an archive ADD unpacks, a URL, or a legacy ADD that unpacked several files', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'ADD rootfs.tar.gz /', files: { 'a/x': 1, 'a/y': 1 } }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'ADD https://example.com/x /x', files: { x: 1 } }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: `ADD file:${'b'.repeat(64)} in /opt`, files: { 'opt/a': 1, 'opt/b': 1 } }] }), []);
});

test('BuildKit and legacy samples: `ADD notes.txt` fires with COPY as the fix; good sample does not', async () => {
  const buildkit = check(rule, await sampleContext('buildkit.docker.tar'));
  assert.deepEqual(buildkit.map((f) => [f.layerIndex, f.fix]), [[4, 'COPY notes.txt /opt/app/notes.txt']]);
  const legacy = check(rule, await sampleContext('legacy.docker.tar'));
  assert.deepEqual(legacy.map((f) => [f.layerIndex, f.paths]), [[4, ['opt/app/notes.txt']]]);
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
});
