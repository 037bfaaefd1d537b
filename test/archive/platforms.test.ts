import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openImage, listImagePlatforms } from '../../src/image/open.js';
import { runCli, sample } from '../helpers.js';

// samples/multiarch.oci: buildah wrote a nested index of three manifests (see samples/README.md).
for (const input of ['multiarch.oci', 'multiarch.oci.tar']) {
  test(`${input}: without --platform the host's platform is picked, and a note says so`, async () => {
    const image = await openImage(sample(input));
    assert.deepEqual(image.platform, { os: 'linux', architecture: 'amd64', variant: undefined });
    assert.ok(image.notes.some((n) => /holds 3 platforms \(linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7\); picked linux\/amd64/.test(n)), image.notes.join('\n'));
    assert.deepEqual(image.tags, ['tsimage-sample/multiarch:1']);
  });

  test(`${input}: --platform picks another, variant optional`, async () => {
    const arm64 = await openImage(sample(input), { platform: 'linux/arm64' });
    assert.deepEqual(arm64.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    const armv7 = await openImage(sample(input), { platform: 'linux/arm/v7' });
    assert.equal(armv7.platform.variant, 'v7');
    assert.notEqual(arm64.digest, armv7.digest);
    assert.ok(arm64.layers.at(-1)!.entries.some((e) => e.path === 'etc/tsimage-platform'));
  });
}

test('--list-platforms and the error for a platform the index lacks', async () => {
  assert.deepEqual((await listImagePlatforms(sample('multiarch.oci'))).map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')), ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
  const listed = await runCli(['analyze', sample('multiarch.oci.tar'), '--list-platforms']);
  assert.equal(listed.stdout, 'linux/amd64\nlinux/arm64/v8\nlinux/arm/v7\n');
  const missing = await runCli(['analyze', sample('multiarch.oci'), '--platform', 'linux/riscv64']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no image for platform linux\/riscv64 \(available: linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7\); choose one with --platform/);
});
