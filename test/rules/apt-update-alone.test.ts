import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/apt-update-alone.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_BAD, APT_GOOD, engineImage } from './images.js';

test('fires for a RUN that only updates, with the bytes of the lists that layer wrote', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update', files: { 'var/lib/apt/lists/a_Packages': 30000, 'var/lib/apt/lists/lock': 0 } }, { instruction: 'RUN apt-get install -y --no-install-recommends curl', files: { 'usr/bin/curl': 100 } }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].bytes, 30000);
  assert.equal(findings[0].layerIndex, 1);
  assert.deepEqual(findings[0].paths, ['var/lib/apt/lists/a_Packages']);
});

test('does not fire when the update and the install share a RUN, or when the layer kept no lists', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update && apt-get install -y curl', files: { 'var/lib/apt/lists/a_Packages': 30000 } }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update && rm -rf /var/lib/apt/lists/*', dirs: ['var/lib/apt/lists'] }] }), []);
});

test('real image: the lone `RUN apt-get update` layer stores 500,000 bytes of lists; the good build none', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].layerIndex, 2);
  assert.equal(findings[0].bytes, 500000);
  assert.equal(findings[0].instruction, 'RUN apt-get update');
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});
