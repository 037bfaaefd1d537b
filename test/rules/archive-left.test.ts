import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/archive-left.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_BAD, MISC_BAD, engineImage } from './images.js';

test('fires for a tarball left after unpacking, with its bytes', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN wget -q https://x/tool.tar.gz && tar -xzf tool.tar.gz -C /opt', files: { 'tool.tar.gz': 80000, 'opt/tool/bin/tool': 200000 } }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].bytes, 80000);
  assert.deepEqual(findings[0].paths, ['tool.tar.gz']);
});

test('does not fire for archives a runtime reads (node_modules, site-packages) or apt\'s cache (package-cache-left)', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN npm ci', files: { 'app/node_modules/x/fixture.zip': 100, 'var/cache/apt/archives/curl.deb': 900 } }] }), []);
});

test('real image: the vendored 50,000-byte tarball copied with the context; apt archives are not counted here', async (t) => {
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => [f.layerIndex, f.bytes, f.paths]), [[3, 50000, ['app/vendor.tar.gz']]]);
  assert.deepEqual(check(rule, (await engineImage(APT_BAD)).ctx!), []);
});
