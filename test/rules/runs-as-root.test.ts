import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { isRootUser } from '../../rules/runs-as-root.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('root is no USER, root, 0, with or without a group', () => {
  for (const user of [undefined, '', 'root', '0', '0:0', 'root:app']) assert.equal(isRootUser(user), true, String(user));
  for (const user of ['app', '10001', '10001:10001', 'rootless']) assert.equal(isRootUser(user), false, user);
  assert.equal(checkSpec(rule, { layers: [baseLayer], config: { User: 'root' } }).length, 1);
});

test('samples: good and waste run as app; the misc engine image sets no USER', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  assert.deepEqual(check(rule, await sampleContext('waste.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => f.message), ['the image sets no USER, so it runs as root']);
});
