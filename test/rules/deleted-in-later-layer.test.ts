import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/deleted-in-later-layer.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';

test('waste sample: 300,000 bytes deleted by `RUN rm`, 10,000 bytes hidden by an opaque directory', async () => {
  const findings = check(rule, await sampleContext('waste.docker.tar'));
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.bytes, f.paths]), [
    [2, 300000, ['srv/app/big.bin']],
    [5, 10000, ['data/a.bin', 'data/b.bin', 'data/c.bin', 'data/sub/d.bin']],
  ]);
  assert.equal(findings[0].instruction, 'RUN head -c 300000 /dev/urandom > /srv/app/big.bin');
});

test('deleting base-image files points at the deleting layer and says it never helps', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN rm /bin/busybox', whiteouts: ['bin/busybox'] }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].layerIndex, 1);
  assert.equal(findings[0].bytes, 1000);
  assert.match(findings[0].message, /never makes an image smaller/);
});

test('good sample: nothing deleted', async () => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
});
