import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/setuid-files.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('the base image\'s setuid files are info, the image\'s own a warning', () => {
  const findings = checkSpec(rule, { layers: [{ ...baseLayer, files: { ...baseLayer.files, 'bin/su': { size: 10, mode: 0o4755 } } }, { instruction: 'RUN chmod g+s /x', files: { x: { size: 5, mode: 0o2755 } } }] });
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.severity]), [[1, 'warning'], [0, 'info']]);
});

test('real image: `chmod 4755 /app/server.js`; the samples have no setuid file', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => [f.layerIndex, f.paths, f.severity]), [[6, ['app/server.js'], 'warning']]);
});
