import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/apt-upgrade.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_BAD, APT_GOOD, engineImage } from './images.js';

test('fires for upgrade and dist-upgrade; not for an install', () => {
  assert.equal(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update && apt-get dist-upgrade -y' }] }).length, 1);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get update && apt-get install -y curl' }] }), []);
});

test('real image: the upgrade re-stored /etc/group and /etc/passwd of the base (162 bytes ship twice)', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.paths, f.bytes]), [[5, ['etc/group', 'etc/passwd'], 162]]);
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});
