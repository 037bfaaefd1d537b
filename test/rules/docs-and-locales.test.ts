import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/docs-and-locales.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_BAD, APT_GOOD, engineImage } from './images.js';

test('fires for docs and locales of measurable size, copyright files excluded', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get install -y python3', files: { 'usr/share/doc/python3/changelog.gz': 60000, 'usr/share/doc/python3/copyright': 9000, 'usr/share/locale/fr/LC_MESSAGES/x.mo': 10000 } }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].bytes, 70000);
});

test('does not fire below 64 KiB per layer', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN x', files: { 'usr/share/man/man1/x.1.gz': 4000 } }] }), []);
});

test('real image: manpages leaves 150,000 bytes; the curl-only build only a copyright file', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => [f.layerIndex, f.bytes]), [[4, 150000]]);
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});
