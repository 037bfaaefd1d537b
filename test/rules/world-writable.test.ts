import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/world-writable.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('sticky directories and symlinks are fine; a 0666 file is not', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN x', files: { 'app/conf': { size: 3, mode: 0o666 }, 'app/link': { type: 'symlink', linkTarget: 'conf', mode: 0o777 }, 'app/shared': { type: 'directory', mode: 0o1777 } } }] });
  assert.deepEqual(findings.map((f) => f.paths), [['app/conf']]);
});

test('real image: `chmod 777 /app/data`; the samples (whose /tmp is 1777) have none', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  assert.deepEqual(check(rule, await sampleContext('waste.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => [f.layerIndex, f.paths]), [[6, ['app/data']]]);
});
