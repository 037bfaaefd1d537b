import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/hardcoded-password.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('fires for useradd -p and echo | passwd, with /etc/shadow as evidence when the layer rewrote it', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN useradd -m -p $(openssl passwd -1 pw) bob', files: { 'etc/shadow': 500 } }] });
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].paths, ['etc/shadow']);
});

test('does not fire for locking an account or setting no password', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: "RUN usermod -p '*' app" }, { instruction: 'RUN passwd -l root' }, { instruction: 'RUN adduser -D app' }] }), []);
});

test('real image: `echo app:hunter2 | chpasswd`; the samples set no password', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('waste.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].instruction, "RUN echo 'app:hunter2' | chpasswd || true");
});
