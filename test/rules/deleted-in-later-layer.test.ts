import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/deleted-in-later-layer.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { runCli } from '../helpers.js';
import { DEBIAN_DEBOOTSTRAP_INSTALL, debianImage } from './debian-images.js';

test('waste sample: 300,000 bytes deleted by `RUN rm`, 10,000 bytes hidden by an opaque directory', async () => {
  const findings = check(rule, await sampleContext('waste.docker.tar'));
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.bytes, f.paths]), [
    [2, 300000, ['srv/app/big.bin']],
    [5, 10000, ['data/a.bin', 'data/b.bin', 'data/c.bin', 'data/sub/d.bin']],
  ]);
  assert.equal(findings[0].instruction, 'RUN head -c 300000 /dev/urandom > /srv/app/big.bin');
});

test('deleting base-image files points at the deleting layer, says it never helps, and is info that saves nothing', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN rm /bin/busybox', whiteouts: ['bin/busybox'] }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].layerIndex, 1);
  assert.equal(findings[0].severity, 'info');
  assert.equal(findings[0].bytes, undefined);
  assert.match(findings[0].message, /the 1\.00 kB stay in base layer 0; deleting base files never makes an image smaller/);
});

test('good sample: nothing deleted', async () => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
});

test('real Debian image: `rm -rf /var/lib/apt/lists/*` of the debootstrap base\'s lists is info and saves nothing', async (t) => {
  const built = await debianImage(DEBIAN_DEBOOTSTRAP_INSTALL);
  if (built.skip) return t.skip(built.skip);
  const [base, ...rest] = check(rule, built.ctx!);
  assert.deepEqual(rest, []);
  assert.equal(base.severity, 'info');
  assert.equal(base.bytes, undefined);
  assert.ok(base.paths.length > 0 && base.paths.every((p) => p.startsWith('var/lib/apt/lists/')), base.paths.join(', '));
  assert.doesNotMatch(base.fix!, /^use a smaller/);
  // The text report's "saves up to" total leaves it out: it sums only what a fix saves.
  const json = JSON.parse((await runCli(['analyze', built.archive!, '--format', 'json'])).stdout) as { findings: { ruleId: string; category: string; bytes?: number }[] };
  const text = (await runCli(['analyze', built.archive!], { env: { NO_COLOR: '1' } })).stdout;
  const total = json.findings.filter((f) => f.category === 'bloat').reduce((sum, f) => sum + (f.bytes ?? 0), 0);
  assert.match(text, new RegExp(`saves up to \\S+ \\S+ \\(${total} bytes`));
  assert.match(text, /info {4}deleted-in-later-layer {2}layer 1/);
});
