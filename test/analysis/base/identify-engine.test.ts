/**
 * Base identification and suggestions on real images built by the engine at test time. The Debian base is
 * a real `debootstrap --variant=minbase bookworm`; the alpine, ubuntu and distroless bases are IMITATIONS
 * (see engine-images.ts): their release and package files are written here in those distributions' formats
 * because their images cannot be pulled. Every test asserts the identified base, the package count and the
 * suggestion list, and runs the smaller-base and eol-base rules.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeModel } from '../../../src/analysis/report.js';
import type { BaseReport } from '../../../src/analysis/base/types.js';
import { openImage } from '../../../src/image/open.js';
import { runRules } from '../../../src/lint/run-rules.js';
import type { Finding } from '../../../src/lint/types.js';
import smallerBase from '../../../rules/smaller-base.js';
import eolBase from '../../../rules/eol-base.js';
import { runCli, runTag } from '../../helpers.js';
import { BUSYBOX_BASE } from '../../busybox-base.js';
import { buildAndSave, DEBIAN_BASE, engineSkipReason, ensureDebianBase, removeImages, runIn } from './engine-images.js';
import { knowledgeBase } from '../../../src/analysis/base/knowledge.js';
import { elfHead } from '../../rules/base-context.js';

/** EOL is judged against a fixed day so the expectations hold whenever the tests run. */
const TODAY = new Date('2026-11-23T12:00:00Z');

const skip = await engineSkipReason();
if (skip) console.log(`# skipping base-image engine tests: ${skip}`);
const debianSkip = skip ?? (await ensureDebianBase());
if (!skip && debianSkip) console.log(`# skipping the Debian base-image tests: ${debianSkip}`);

const work = await mkdtemp(join(tmpdir(), 'tsimage-i6-'));
const built: string[] = [];
after(async () => {
  await removeImages(built);
  await rm(work, { recursive: true, force: true });
});

interface Analyzed {
  base: BaseReport;
  findings: Finding[];
  totalBytes: number;
  layerBytes: number[];
  tar: string;
}

async function buildAndAnalyze(tag: string, dockerfile: string, files: Record<string, string | Buffer> = {}): Promise<Analyzed> {
  const tar = join(work, `${tag.replace(/[:/]/g, '_')}.tar`);
  built.push(tag);
  await buildAndSave(tag, dockerfile, files, tar);
  const image = await openImage(tar);
  const ctx = { ...analyzeModel(image, { today: TODAY }), instructions: [] };
  const { findings } = runRules(ctx, [smallerBase, eolBase]);
  return { base: ctx.report.base!, findings, totalBytes: ctx.report.totalBytes, layerBytes: image.layers.map((l) => l.bytes), tar };
}

function bytesOf(ref: string): number {
  const image = knowledgeBase.families.flatMap((f) => f.images).find((i) => i.ref === ref);
  assert.ok(image, `${ref} is in the knowledge base`);
  return image.bytes;
}

/** The same figure the suggestion must give: the measured base layers minus the knowledge base's size. */
function assertSavings(base: BaseReport): void {
  for (const a of base.alternatives) assert.equal(a.estimatedSavingBytes, base.currentBytes - bytesOf(a.ref), a.ref);
}

/** Every image this file builds is tagged with this run's id (helpers RUN_ID), so concurrent runs never share one. */
const ALPINE_APP = runTag('tsimage-i6-alpine-app');
const ALPINE_IMITATION_3_18 = runTag('tsimage-i6-alpine-imitation-3.18');
const BUSYBOX_APP = runTag('tsimage-i6-busybox-app');
const DEB_APP = runTag('tsimage-i6-deb-app');
const DEB_STATIC = runTag('tsimage-i6-deb-static');
const DISTROLESS_APP = runTag('tsimage-i6-distroless-app');
const DISTROLESS_IMITATION_12 = runTag('tsimage-i6-distroless-imitation-12');
const JSON_CHECK = runTag('tsimage-i6-json');
const NODE_APP = runTag('tsimage-i6-node-app');
const NODE_IMITATION_18 = runTag('tsimage-i6-node-imitation-18');
const UBUNTU_APP = runTag('tsimage-i6-ubuntu-app');
const UBUNTU_IMITATION_22_04 = runTag('tsimage-i6-ubuntu-imitation-22.04');

const RUN_SH = '#!/bin/sh\nexec "$@"\n';

describe('a real Debian base (debootstrap --variant=minbase bookworm)', { skip: debianSkip }, () => {
  let dpkgCount = 0;
  before(async () => {
    // An independent count of installed packages: dpkg itself, inside the base.
    dpkgCount = Number((await runIn(DEBIAN_BASE, "dpkg-query -W -f '${db:Status-Abbrev}\\n' | grep -c '^ii'")).trim());
  });

  test('a bash image with one dpkg package installed on top is Debian 12, with slim and trixie offered first', async () => {
    const { base, findings, layerBytes } = await buildAndAnalyze(DEB_APP, [
      `FROM ${DEBIAN_BASE}`,
      // A real dpkg install without a network: a .deb built on the spot.
      "RUN mkdir -p /tmp/p/DEBIAN /tmp/p/usr/share/tsimage-hello && echo hello > /tmp/p/usr/share/tsimage-hello/README"
        + " && printf 'Package: tsimage-hello\\nVersion: 1.0-1\\nArchitecture: all\\nMaintainer: tsimage <t@example.com>\\nInstalled-Size: 12\\nDescription: tsimage test package\\n' > /tmp/p/DEBIAN/control"
        + ' && dpkg-deb --build /tmp/p /tmp/hello.deb && dpkg -i /tmp/hello.deb && rm -rf /tmp/p /tmp/hello.deb',
      'CMD ["bash"]',
    ].join('\n'));
    assert.equal(base.os, 'debian');
    assert.match(base.version!, /^12\.\d+$/);
    assert.equal(base.codename, 'bookworm');
    assert.equal(base.family, 'debian');
    assert.equal(base.libc, 'glibc');
    assert.equal(base.guess.image, 'debian:12');
    assert.ok(dpkgCount > 50, `dpkg-query counted ${dpkgCount}`);
    assert.equal(base.packages.manager, 'dpkg');
    assert.equal(base.packages.count, dpkgCount + 1);
    assert.deepEqual(base.packages.addedOnTop, ['tsimage-hello']);
    assert.deepEqual(base.packages.packages.find((p) => p.name === 'tsimage-hello'), { name: 'tsimage-hello', version: '1.0-1', installedBytes: 12 * 1024 });
    assert.equal(base.baseLayers, 1);
    assert.equal(base.baseBytes, layerBytes[0]);
    assert.equal(base.currentBytes, layerBytes[0]);
    assert.deepEqual(base.entrypoint.map((b) => [b.command, b.path, b.kind, b.libc, b.isShell]), [['bash', 'usr/bin/bash', 'elf-dynamic', 'glibc', true]]);
    assert.deepEqual(base.runtimes, []);
    assert.deepEqual(base.alternatives.map((a) => a.ref), ['debian:12-slim', 'debian:13', 'busybox:1.37-glibc']);
    assertSavings(base);
    const busybox = base.alternatives[2];
    assert.ok(busybox.cautions.some((c) => c.includes('starts bash') && c.includes('only ash')), busybox.cautions.join(' | '));
    assert.ok(busybox.cautions.some((c) => c.includes('tsimage-hello') && c.includes('no package manager')));
    assert.deepEqual(base.eol.map((e) => [e.subject, e.ended, e.behind]), [['Debian 12 (bookworm)', false, 1]]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fix, f.bytes]), [['smaller-base', 'FROM debian:12-slim', base.alternatives[0].estimatedSavingBytes]]);
  });

  test('a static ELF entrypoint on Debian gets scratch and static bases', async () => {
    const { base, findings } = await buildAndAnalyze(DEB_STATIC, [
      `FROM ${DEBIAN_BASE}`,
      `COPY --from=${BUSYBOX_BASE} /bin/busybox /app/server`,
      'ENTRYPOINT ["/app/server"]',
    ].join('\n'));
    assert.equal(base.os, 'debian');
    assert.equal(base.packages.count, dpkgCount);
    assert.deepEqual(base.packages.addedOnTop, []);
    assert.deepEqual(base.entrypoint.map((b) => [b.path, b.kind, b.isShell]), [['app/server', 'elf-static', undefined]]);
    assert.deepEqual(base.alternatives.map((a) => a.ref), ['cgr.dev/chainguard/static:latest', 'gcr.io/distroless/static-debian12', 'scratch']);
    assertSavings(base);
    assert.ok(base.alternatives.every((a) => a.keeps.includes('the static binary /app/server')));
    assert.equal(findings[0].ruleId, 'smaller-base');
    assert.equal(findings[0].severity, 'warning', 'a saving of most of the image is a warning');
  });
});

describe('images built on the busybox base and on imitated bases', { skip }, () => {
  test('the busybox base: BusyBox 1.35.0, no packages, no smaller base with a shell', async () => {
    const { base, findings } = await buildAndAnalyze(BUSYBOX_APP, [`FROM ${BUSYBOX_BASE}`, 'COPY run.sh /app/run.sh', 'ENTRYPOINT ["/app/run.sh"]'].join('\n'), { 'run.sh': RUN_SH });
    assert.equal(base.os, 'busybox');
    assert.equal(base.version, '1.35.0');
    assert.equal(base.family, 'busybox');
    assert.equal(base.guess.image, 'busybox:1.35.0');
    assert.equal(base.packages.count, 0);
    assert.equal(base.entrypoint[0].kind, 'script');
    assert.deepEqual(base.alternatives, []);
    assert.match(base.noAlternativeReason!, /must keep a shell/);
    assert.deepEqual(findings, []);
  });

  test('an IMITATION of alpine 3.18 (its os-release and apk database written here) is Alpine, end of life', async () => {
    const rootfs = {
      'rootfs/etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME="Alpine Linux v3.18"\nHOME_URL="https://alpinelinux.org/"\n',
      'rootfs/etc/alpine-release': '3.18.4\n',
      'rootfs/lib/ld-musl-x86_64.so.1': 'imitation of the musl loader\n',
      'rootfs/lib/apk/db/installed': [
        'C:Q1imitation1=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nI:622592\nT:the musl c library (libc) implementation\n',
        'C:Q1imitation2=\nP:busybox\nV:1.36.1-r5\nA:x86_64\nS:509518\nI:946176\nT:Size optimized toolbox of many common UNIX utilities\n',
        'C:Q1imitation3=\nP:alpine-baselayout\nV:3.4.3-r1\nA:x86_64\nS:8876\nI:331776\nT:Alpine base dir structure and init scripts\n',
      ].join('\n'),
    };
    built.push(ALPINE_IMITATION_3_18);
    await buildAndSave(ALPINE_IMITATION_3_18, `FROM ${BUSYBOX_BASE}\nCOPY rootfs/ /\nCMD ["/bin/sh"]\n`, rootfs, join(work, 'alpine-base.tar'));
    const { base, findings, layerBytes } = await buildAndAnalyze(ALPINE_APP, `FROM ${ALPINE_IMITATION_3_18}\nCOPY run.sh /app/run.sh\nENTRYPOINT ["/app/run.sh"]\n`, { 'run.sh': RUN_SH });
    assert.equal(base.os, 'alpine');
    assert.equal(base.version, '3.18.4');
    assert.equal(base.family, 'alpine');
    assert.equal(base.libc, 'musl');
    assert.equal(base.guess.image, 'alpine:3.18');
    assert.equal(base.packages.manager, 'apk');
    assert.equal(base.packages.count, 3);
    assert.equal(base.packages.installedBytes, 622592 + 946176 + 331776);
    assert.deepEqual(base.packages.addedOnTop, []);
    assert.equal(base.baseLayers, 2, 'the closing CMD of the base marks the seam');
    assert.equal(base.baseBytes, layerBytes[0] + layerBytes[1]);
    assert.deepEqual(base.alternatives, [], 'alpine:3.22 is bigger than this base and busybox saves less than 1 MB');
    assert.deepEqual(base.eol.map((e) => [e.subject, e.ended, e.behind, e.latest]), [['Alpine Linux 3.18', true, 5, '3.23']]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.fix]), [['eol-base', 'warning', 'move to Alpine Linux 3.23']]);
    assert.match(findings[0].message, /end of life on 2025-05-09/);
  });

  test('an IMITATION of ubuntu 22.04 (os-release, dpkg status and a glibc file written here) offers Ubuntu 24.04 and Debian 13 slim before busybox, alpine never first', async () => {
    const status = (name: string, version: string, kib: number, state = 'install ok installed') =>
      `Package: ${name}\nStatus: ${state}\nPriority: required\nInstalled-Size: ${kib}\nArchitecture: amd64\nVersion: ${version}\nDescription: ${name} (imitation)\n multi-line\n .\n description\n`;
    const rootfs = {
      'rootfs/etc/os-release': 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n',
      'rootfs/etc/debian_version': 'bookworm/sid\n',
      'rootfs/usr/lib/x86_64-linux-gnu/libc.so.6': 'imitation of glibc\n',
      'rootfs/var/lib/dpkg/status': [
        status('base-files', '12ubuntu4.6', 394), status('bash', '5.1-6ubuntu1.1', 1864), status('coreutils', '8.32-4.1ubuntu1.2', 7112),
        status('libc6', '2.35-0ubuntu3.7', 13592), status('tar', '1.34+dfsg-1ubuntu0.1.22.04.2', 3152),
        status('old-removed', '1.0', 10, 'deinstall ok config-files'),
      ].join('\n'),
    };
    built.push(UBUNTU_IMITATION_22_04);
    await buildAndSave(UBUNTU_IMITATION_22_04, [
      `FROM ${BUSYBOX_BASE}`, 'COPY rootfs/ /',
      // Stands in for the rest of the distribution's files so sizes are in Ubuntu's range.
      'RUN dd if=/dev/zero of=/usr/lib/x86_64-linux-gnu/imitation-filler bs=1000000 count=120 2>/dev/null', 'CMD ["bash"]',
    ].join('\n'), rootfs, join(work, 'ubuntu-base.tar'));
    const { base, findings, layerBytes } = await buildAndAnalyze(UBUNTU_APP, `FROM ${UBUNTU_IMITATION_22_04}\nCOPY run.sh /app/run.sh\nENTRYPOINT ["/app/run.sh"]\n`, { 'run.sh': RUN_SH });
    assert.equal(base.os, 'ubuntu');
    assert.equal(base.version, '22.04');
    assert.equal(base.codename, 'jammy');
    assert.equal(base.family, 'ubuntu');
    assert.equal(base.libc, 'glibc');
    assert.equal(base.guess.image, 'ubuntu:22.04');
    assert.equal(base.packages.count, 5, 'the deinstalled package does not count');
    assert.equal(base.packages.installedBytes, (394 + 1864 + 7112 + 13592 + 3152) * 1024);
    assert.equal(base.baseLayers, 3);
    assert.equal(base.currentBytes, layerBytes[0] + layerBytes[1] + layerBytes[2]);
    assert.deepEqual(base.alternatives.map((a) => a.ref), ['ubuntu:24.04', 'debian:13-slim', 'busybox:1.37-glibc']);
    assertSavings(base);
    assert.ok(base.alternatives[1].cautions.includes('Debian instead of Ubuntu: package versions differ'));
    assert.ok(base.alternatives[0].cautions.includes('moves from ubuntu 22.04 to 24.04'));
    assert.deepEqual(base.eol.map((e) => [e.subject, e.ended, e.behind]), [['Ubuntu 22.04 (jammy)', false, 2]]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]).sort(), [['eol-base', 'info'], ['smaller-base', 'info']]);
  });

  test('an IMITATION of distroless base-debian12 (status.d written here, no shell) with a static binary: static bases', async () => {
    const stanza = (name: string, version: string, kib: number) => `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\nInstalled-Size: ${kib}\nDescription: ${name} (imitation)\n`;
    const rootfs = {
      'rootfs/etc/os-release': 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n',
      'rootfs/etc/debian_version': '12.7\n',
      'rootfs/usr/lib/x86_64-linux-gnu/libc.so.6': 'imitation of glibc\n',
      'rootfs/var/lib/dpkg/status.d/base-files': stanza('base-files', '12.4+deb12u7', 400),
      'rootfs/var/lib/dpkg/status.d/libc6': stanza('libc6', '2.36-9+deb12u8', 12000),
      'rootfs/var/lib/dpkg/status.d/libc6.md5sums': 'd41d8cd98f00b204e9800998ecf8427e  usr/lib/x86_64-linux-gnu/libc.so.6\n',
      'rootfs/var/lib/dpkg/status.d/netbase': stanza('netbase', '6.4', 41),
      'rootfs/var/lib/dpkg/status.d/tzdata': stanza('tzdata', '2024a-0+deb12u1', 3500),
    };
    built.push(DISTROLESS_IMITATION_12);
    await buildAndSave(DISTROLESS_IMITATION_12, [
      `FROM ${BUSYBOX_BASE} AS files`, 'COPY rootfs/ /rootfs/',
      'RUN dd if=/dev/zero of=/rootfs/usr/lib/x86_64-linux-gnu/imitation-filler bs=1000000 count=18 2>/dev/null',
      'FROM scratch', 'COPY --from=files /rootfs/ /',
    ].join('\n'), rootfs, join(work, 'distroless-base.tar'));
    const { base, findings } = await buildAndAnalyze(DISTROLESS_APP, `FROM ${DISTROLESS_IMITATION_12}\nCOPY --from=${BUSYBOX_BASE} /bin/busybox /app/server\nENTRYPOINT ["/app/server"]\n`);
    assert.equal(base.os, 'debian');
    assert.equal(base.version, '12.7');
    assert.equal(base.family, 'distroless');
    assert.equal(base.guess.image, 'gcr.io/distroless/base-debian12');
    assert.equal(base.packages.source, '/var/lib/dpkg/status.d/');
    assert.equal(base.packages.count, 4, 'the .md5sums file is no package');
    assert.equal(base.entrypoint[0].kind, 'elf-static');
    assert.deepEqual(base.alternatives.map((a) => a.ref), ['cgr.dev/chainguard/static:latest', 'gcr.io/distroless/static-debian12', 'scratch']);
    assertSavings(base);
    assert.deepEqual(base.eol.map((e) => [e.subject, e.ended, e.behind]), [['Distroless Debian 12', false, 1]]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fix]), [['smaller-base', 'FROM cgr.dev/chainguard/static:latest']]);
  });

  test('an IMITATION of node:18 on Debian 12 (node_version.h, dpkg status and a dynamic ELF head written here): Node 18 ended, Node 22 offered (Node 20 ended too)', async () => {
    const rootfs = {
      'rootfs/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
      'rootfs/etc/debian_version': '12.6\n',
      'rootfs/usr/lib/x86_64-linux-gnu/libc.so.6': 'imitation of glibc\n',
      'rootfs/var/lib/dpkg/status': ['base-files', 'libc6', 'libstdc++6'].map((n) => `Package: ${n}\nStatus: install ok installed\nInstalled-Size: 100\nVersion: 1\n`).join('\n'),
      'rootfs/usr/local/include/node/node_version.h': '#define NODE_MAJOR_VERSION 18\n#define NODE_MINOR_VERSION 20\n#define NODE_PATCH_VERSION 4\n',
      // The head of a glibc-linked executable, as the real node binary is; it does not run.
      'rootfs/usr/local/bin/node': elfHead('/lib64/ld-linux-x86-64.so.2'),
    };
    built.push(NODE_IMITATION_18);
    await buildAndSave(NODE_IMITATION_18, [
      `FROM ${BUSYBOX_BASE}`, 'COPY rootfs/ /',
      'RUN dd if=/dev/zero of=/usr/local/imitation-filler bs=1000000 count=300 2>/dev/null', 'CMD ["node"]',
    ].join('\n'), rootfs, join(work, 'node-base.tar'));
    const { base, findings } = await buildAndAnalyze(NODE_APP, `FROM ${NODE_IMITATION_18}\nCOPY app.js /app/app.js\nCMD ["node", "/app/app.js"]\n`, { 'app.js': 'console.log(1)\n' });
    assert.equal(base.os, 'debian');
    assert.equal(base.family, 'node');
    assert.deepEqual(base.runtimes.map((r) => [r.name, r.version, r.major, r.evidence]), [['node', '18.20.4', '18', '/usr/local/include/node/node_version.h']]);
    assert.equal(base.guess.image, 'node:18');
    assert.equal(base.packages.count, 3);
    assert.equal(base.entrypoint[0].kind, 'elf-dynamic');
    assert.equal(base.baseLayers, 3);
    assert.deepEqual(base.alternatives.map((a) => a.ref), ['node:22-bookworm-slim', 'gcr.io/distroless/nodejs22-debian12', 'node:22-alpine']);
    assertSavings(base);
    assert.ok(base.alternatives.every((a) => a.cautions.some((c) => c.startsWith('moves Node.js from 18.20.4 to 22'))));
    assert.match(base.alternatives[2].cautions[0], /^the image has glibc-linked binaries/, 'said before alpine is offered');
    assert.deepEqual(base.eol.map((e) => [e.subject, e.ended, e.latest]), [['Debian 12 (bookworm)', false, '13'], ['Node.js 18', true, '24']]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.fix]), [['eol-base', 'warning', 'move to Node.js 24'], ['smaller-base', 'info', 'FROM node:22-bookworm-slim']]);
  });
});

test('the JSON report has base {os, version, family, packages, runtimes, baseLayers, baseBytes, guess} and the text report its section', { skip }, async () => {
  const tar = join(work, 'json-check.tar');
  built.push(JSON_CHECK);
  await buildAndSave(JSON_CHECK, `FROM ${BUSYBOX_BASE}\nCOPY run.sh /app/run.sh\nENTRYPOINT ["/app/run.sh"]\n`, { 'run.sh': RUN_SH }, tar);
  const json = await runCli(['analyze', tar, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const base = JSON.parse(json.stdout).base;
  for (const key of ['os', 'version', 'family', 'packages', 'runtimes', 'baseLayers', 'baseBytes', 'guess']) assert.ok(key in base, key);
  assert.equal(base.os, 'busybox');
  const text = await runCli(['analyze', tar]);
  assert.match(text.stdout, /Base image\n {2}Built on {5}busybox 1\.35\.0; family busybox/);
});
