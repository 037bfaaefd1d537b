import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ssh-server.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { APT_BAD, MISC_BAD, engineImage } from './images.js';

test('fires for EXPOSE 22 alone; not for other ports', () => {
  assert.equal(checkSpec(rule, { layers: [baseLayer], config: { ExposedPorts: ['22/tcp'] } }).length, 1);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer], config: { ExposedPorts: ['2222/tcp', '8022/tcp'] } }), []);
});

test('real images: sshd installed by apt (layer 4) and EXPOSE 22; the samples have neither', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('buildkit.docker.tar')), []);
  const apt = await engineImage(APT_BAD);
  if (apt.skip) return t.skip(apt.skip);
  assert.deepEqual(check(rule, apt.ctx!).map((f) => [f.layerIndex, f.paths]), [[4, ['usr/sbin/sshd']]]);
  assert.deepEqual(check(rule, (await engineImage(MISC_BAD)).ctx!).map((f) => f.message), ['port 22 is exposed']);
});
