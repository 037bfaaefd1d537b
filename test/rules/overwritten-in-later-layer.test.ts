import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/overwritten-in-later-layer.js';
import { check } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { APT_BAD, engineImage } from './images.js';

test('waste sample: the first 50,000-byte config.dat, replaced by layer 9', async () => {
  const findings = check(rule, await sampleContext('waste.docker.tar'));
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.bytes, f.paths]), [[4, 50000, ['srv/app/config.dat']]]);
});

test('good sample: nothing overwritten', async () => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
});

test('real image: a second apt-get update re-stores the 500,000 bytes of lists', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const lists = check(rule, bad.ctx!).find((f) => f.layerIndex === 2);
  assert.equal(lists?.bytes, 500000);
});
