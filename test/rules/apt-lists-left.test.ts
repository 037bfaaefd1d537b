import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/apt-lists-left.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_BAD, APT_GOOD, engineImage } from './images.js';

test('fires with the bytes of the lists left in the final filesystem, lock excluded', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update && apt-get install -y curl', files: { 'var/lib/apt/lists/a_Packages': 40000, 'var/lib/apt/lists/b_InRelease': 2000, 'var/lib/apt/lists/lock': 0 } }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].bytes, 42000);
  assert.match(findings[0].fix!, /rm -rf \/var\/lib\/apt\/lists/);
});

test('does not fire when the lists were removed in the same RUN, or for the base image', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', dirs: ['var/lib/apt/lists'] }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [{ ...baseLayer, files: { ...baseLayer.files, 'var/lib/apt/lists/a_Packages': 9000 } }] }), []);
});

test('real image: the second update+install layer leaves 500,000 bytes of lists; the good build none', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.equal(findings.length, 1, 'the lone update layer is apt-update-alone\'s, not counted twice');
  assert.equal(findings[0].layerIndex, 4);
  assert.equal(findings[0].bytes, 500000);
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});
