import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/apt-no-install-recommends.js';
import { check } from './helpers.js';
import { APT_BAD, APT_GOOD, engineImage } from './images.js';

// The check reads dpkg's status database before and after the install, so its cases need real layers
// with captured status files: they are built by the engine.

test('real image: `apt-get install -y curl` pulled in ca-certificates only as a recommendation (400 KiB by Installed-Size)', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.equal(findings.length, 1, 'layer 4 installs without the flag too, but nothing it installed was only recommended');
  assert.equal(findings[0].layerIndex, 3);
  assert.equal(findings[0].bytes, 400 * 1024);
  assert.deepEqual(findings[0].paths, ['var/lib/dpkg/info/ca-certificates.list']);
  assert.equal(findings[0].fix, 'RUN apt-get install --no-install-recommends -y curl');
});

test('real image: --no-install-recommends gives no finding', async (t) => {
  const good = await engineImage(APT_GOOD);
  if (good.skip) return t.skip(good.skip);
  assert.deepEqual(check(rule, good.ctx!), []);
});
