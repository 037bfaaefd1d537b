import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/overwritten-in-later-layer.js';
import { check, checkSpec } from './helpers.js';
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

test('the base image\'s package database and account files rewritten by an install are one info without a saving; other files still warn', () => {
  const base = { instruction: 'ADD rootfs.tar /', inherited: true, files: { 'etc/passwd': 900, 'var/lib/dpkg/status': 70000, 'var/cache/debconf/config.dat': { size: 30000, content: 'debconf' }, 'etc/app.conf': 500 } };
  const install = { instruction: 'RUN apt-get install -y curl && useradd app', files: { 'etc/passwd': 950, 'var/lib/dpkg/status': 75000, 'var/cache/debconf/config.dat': { size: 30000, content: 'debconf', mode: 0o600 }, 'etc/app.conf': 600 } };
  const findings = checkSpec(rule, { layers: [base, install] });
  assert.deepEqual(findings.map((f) => [f.severity, f.bytes, f.paths]), [
    ['warning', 500, ['etc/app.conf']],
    ['info', undefined, ['etc/passwd', 'var/cache/debconf/config.dat', 'var/lib/dpkg/status']],
  ]);
  assert.match(findings[1].message, /^101 kB of the base image's package database/);
});
