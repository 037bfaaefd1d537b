import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/smaller-base.js';
import { analyzeModel } from '../../src/analysis/report.js';
import { openImage } from '../../src/image/open.js';
import { sample } from '../helpers.js';
import { contextWithFiles, DEBIAN_12_OS_RELEASE, elfHead } from './base-context.js';
import { check } from './helpers.js';

const MB = 1_000_000;

test('fires with scratch-like bases for a static binary on Debian 12, saving the base layer minus the known size', () => {
  const ctx = contextWithFiles({
    layers: [
      { inherited: true, instruction: 'ADD rootfs.tar.xz /', files: { 'etc/os-release': DEBIAN_12_OS_RELEASE.length, 'usr/lib/x86_64-linux-gnu/libc.so.6': 2 * MB, 'usr/share/rest': 118 * MB, 'bin/sh': { type: 'symlink', linkTarget: 'dash' }, 'bin/dash': 100_000 } },
      { inherited: true, instruction: 'CMD ["bash"]', emptyLayer: true },
      { instruction: 'COPY server /app/server', files: { 'app/server': 5 * MB } },
    ],
    config: { Entrypoint: ['/app/server'], Cmd: undefined },
  }, { 0: { 'etc/os-release': DEBIAN_12_OS_RELEASE }, 1: { 'app/server': elfHead() } });
  const base = ctx.report.base!;
  assert.equal(base.family, 'debian');
  assert.equal(base.baseLayers, 1);
  const baseBytes = ctx.image.layers[0].bytes;
  const findings = check(rule, ctx);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].fix, 'FROM cgr.dev/chainguard/static:latest');
  assert.equal(findings[0].bytes, baseBytes - 1_000_000);
  assert.equal(findings[0].layerIndex, 0);
  assert.match(findings[0].message, /also: gcr\.io\/distroless\/static-debian12 .*scratch/);
});

test('a dynamic glibc program without a shell gets glibc bases without a shell, not alpine', () => {
  const ctx = contextWithFiles({
    layers: [
      { inherited: true, instruction: 'ADD rootfs.tar.xz /', files: { 'etc/os-release': DEBIAN_12_OS_RELEASE.length, 'usr/lib/x86_64-linux-gnu/libc.so.6': 2 * MB, 'lib64/ld-linux-x86-64.so.2': 200_000, 'usr/share/rest': 200 * MB } },
      { inherited: true, instruction: 'CMD ["bash"]', emptyLayer: true },
      { instruction: 'COPY server /app/server', files: { 'app/server': 5 * MB } },
    ],
    config: { Entrypoint: ['/app/server'], Cmd: undefined },
  }, { 0: { 'etc/os-release': DEBIAN_12_OS_RELEASE }, 1: { 'app/server': elfHead('/lib64/ld-linux-x86-64.so.2') } });
  const base = ctx.report.base!;
  assert.equal(base.entrypoint[0].kind, 'elf-dynamic');
  assert.equal(base.libc, 'glibc');
  // A dynamic glibc program without a shell: glibc bases without a shell; alpine (musl) only after them all.
  assert.deepEqual(base.alternatives.map((a) => a.ref), ['cgr.dev/chainguard/glibc-dynamic:latest', 'gcr.io/distroless/base-debian12', 'gcr.io/distroless/cc-debian12']);
  const findings = check(rule, ctx);
  assert.equal(findings[0].fix, 'FROM cgr.dev/chainguard/glibc-dynamic:latest');
});

test('does not fire on the busybox sample: no known base with a shell is smaller', async () => {
  const image = await openImage(sample('good.docker.tar'));
  const ctx = { ...analyzeModel(image), instructions: [] };
  assert.equal(ctx.report.base?.family, 'busybox');
  assert.deepEqual(check(rule, ctx), []);
});
