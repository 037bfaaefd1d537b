import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextWithFiles, DEBIAN_12_OS_RELEASE } from '../../rules/base-context.js';

test('org.opencontainers.image.base.name names the base: confidence "label", size from the knowledge base', () => {
  const ctx = contextWithFiles({
    layers: [
      { inherited: true, instruction: 'ADD rootfs.tar.xz /', files: { 'etc/os-release': DEBIAN_12_OS_RELEASE.length, 'bin/sh': 100_000 } },
      { instruction: 'COPY run.sh /app/run.sh', files: { 'app/run.sh': 10 } },
    ],
    config: {
      Entrypoint: ['/app/run.sh'],
      Labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:12-slim', 'org.opencontainers.image.base.digest': 'sha256:' + 'a'.repeat(64) },
    },
  }, { 0: { 'etc/os-release': DEBIAN_12_OS_RELEASE }, 1: { 'app/run.sh': '#!/bin/sh\n' } });
  const base = ctx.report.base!;
  assert.equal(base.family, 'debian');
  assert.deepEqual(base.guess, { image: 'docker.io/library/debian:12-slim', confidence: 'label', reasons: ['label org.opencontainers.image.base.name'], knownBytes: 74_800_000 });
  assert.equal(base.labels.baseDigest, 'sha256:' + 'a'.repeat(64));
});

test('an rpm database is named and said to be unread, never counted as zero packages', () => {
  const osRelease = 'NAME="Fedora Linux"\nVERSION_ID=40\nID=fedora\n';
  const ctx = contextWithFiles({
    layers: [{ inherited: true, instruction: 'ADD rootfs.tar.xz /', files: { 'etc/os-release': osRelease.length, 'var/lib/rpm/rpmdb.sqlite': 5_000_000, 'bin/sh': 100_000 } }],
    config: { Entrypoint: ['/bin/sh'] },
  }, { 0: { 'etc/os-release': osRelease } });
  const base = ctx.report.base!;
  assert.equal(base.os, 'fedora');
  assert.equal(base.packages.manager, 'rpm');
  assert.equal(base.packages.count, undefined);
  assert.match(base.packages.note!, /not parsed/);
  assert.equal(base.family, 'fedora');
  assert.equal(base.libc, 'unknown');
  // Fedora is not in the knowledge base: only shell bases are offered, each with what is not known about it.
  assert.deepEqual(base.alternatives.map((a) => a.ref), ['busybox:1.37-musl'], 'busybox:1.37-glibc saves less than 1 MB');
  for (const a of base.alternatives) {
    assert.ok(a.cautions.includes(`${a.ref} has none of the image's rpm packages: it fits only if the app needs nothing from them`), a.cautions.join(' | '));
    assert.ok(a.cautions.some((c) => c.startsWith('which C library the image')));
  }
});

test('an image with no release file, package database or shell is guessed as scratch with low confidence', () => {
  const ctx = contextWithFiles({ layers: [{ instruction: 'COPY server /server', files: { server: 3_000_000 } }], config: { Entrypoint: ['/server'] } }, {});
  const base = ctx.report.base!;
  assert.deepEqual([base.os, base.family, base.guess.image, base.guess.confidence, base.packages.count], ['unknown', 'scratch', 'scratch', 'low', 0]);
  assert.deepEqual(base.entrypoint.map((b) => b.kind), ['unknown']);
});

test('the committed samples: busybox 1.35.0 found in /bin/busybox, captured during the one pass, in every format', async () => {
  const { openImage } = await import('../../../src/image/open.js');
  const { analyzeModel } = await import('../../../src/analysis/report.js');
  const { sample } = await import('../../helpers.js');
  for (const name of ['export.tar', 'good.docker.tar', 'waste.oci.tar', 'waste.oci-zstd']) {
    const base = analyzeModel(await openImage(sample(name))).report.base!;
    assert.deepEqual([base.os, base.version, base.family, base.libc, base.packages.count, base.baseBytes > 1_900_000], ['busybox', '1.35.0', 'busybox', 'none', 0, true], name);
    assert.deepEqual(base.alternatives, [], name);
  }
});
