import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { busyboxVersion, identifyDistro, parseOsRelease } from '../../../src/analysis/base/distro.js';
import { inspectExecutable } from '../../../src/analysis/base/elf.js';
import { coerceVersion, familyById, knowledgeBase, releaseOf } from '../../../src/analysis/base/knowledge.js';
import { parseApkInstalled, parseDpkgStatus } from '../../../src/analysis/base/packages.js';
import { baseCapturePredicate } from '../../../src/image/captured-files.js';

function head(path: string, bytes = 64 * 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

test('os-release values are unquoted with shell quoting', () => {
  assert.deepEqual(parseOsRelease('# comment\nNAME="Debian GNU/Linux"\nID=debian\nPRETTY_NAME=\'It\\\'s\'\nVERSION="12 (\\"bookworm\\")"\n'), {
    NAME: 'Debian GNU/Linux', ID: 'debian', PRETTY_NAME: "It's", VERSION: '12 ("bookworm")',
  });
});

test('dpkg status counts installed packages only and reads Installed-Size as KiB', () => {
  const status = [
    'Package: a\nStatus: install ok installed\nInstalled-Size: 10\nVersion: 1:2.0-1\nDescription: x\n long\n',
    'Package: gone\nStatus: deinstall ok config-files\nInstalled-Size: 5\nVersion: 1\n',
    'Package: b\nStatus: install ok half-configured\nVersion: 1\n',
    'Package: c\nStatus: hold ok installed\nVersion: 3\n',
  ].join('\n');
  assert.deepEqual(parseDpkgStatus(status), [{ name: 'a', version: '1:2.0-1', installedBytes: 10240 }, { name: 'c', version: '3', installedBytes: undefined }]);
});

test('apk installed records: P name, V version, I installed bytes', () => {
  assert.deepEqual(parseApkInstalled('C:Q1x=\nP:musl\nV:1.2.5-r0\nI:622592\n\nP:zlib\nV:1.3.1-r1\nI:98304\n'), [
    { name: 'musl', version: '1.2.5-r0', installedBytes: 622592 },
    { name: 'zlib', version: '1.3.1-r1', installedBytes: 98304 },
  ]);
});

test('release files refine os-release: Debian point release, Alpine full version, busybox banner', () => {
  const files: Record<string, string> = { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n', 'etc/debian_version': '12.7\n' };
  const debian = identifyDistro((p) => files[p], () => false, () => undefined);
  assert.deepEqual([debian.id, debian.version, debian.codename, debian.evidence], ['debian', '12.7', 'bookworm', ['/etc/os-release', '/etc/debian_version']]);
  const sid = identifyDistro((p) => ({ 'etc/debian_version': 'trixie/sid\n' } as Record<string, string>)[p], () => false, () => undefined);
  assert.deepEqual([sid.id, sid.version], ['debian', undefined]);
  const bb = identifyDistro(() => undefined, (p) => p === 'bin/busybox', () => Buffer.from('\0\0BusyBox v1.36.1 (2024-06-10) multi-call binary\0'));
  assert.deepEqual([bb.id, bb.version], ['busybox', '1.36.1']);
  assert.equal(busyboxVersion(Buffer.from('nothing here')), undefined);
});

test('the ELF reader tells a static binary from a glibc-linked one (this machine\'s busybox and ls)', { skip: !existsSync('/bin/busybox') || !existsSync('/usr/bin/ls') ? 'no /bin/busybox or /usr/bin/ls here' : undefined }, () => {
  const ls = inspectExecutable(head('/usr/bin/ls'));
  assert.equal(ls.kind, 'elf-dynamic');
  assert.match(ls.interpreter!, /ld-linux/);
  assert.equal(ls.libc, 'glibc');
  // Debian's busybox package is dynamic, busybox-static is static: either way the reader must agree with the file.
  const busybox = inspectExecutable(head('/bin/busybox'));
  assert.ok(busybox.kind === 'elf-static' || busybox.libc === 'glibc');
  assert.deepEqual(inspectExecutable(Buffer.from('#!/usr/bin/env node\nconsole.log(1)')), { kind: 'script', interpreter: '/usr/bin/env node' });
  assert.deepEqual(inspectExecutable(Buffer.from('plain text')), { kind: 'unknown' });
});

test('versions compare with semver, tags coerced: 3.12-slim-bookworm, 22.04, jdk-21.0.2+13', () => {
  assert.equal(coerceVersion('3.12-slim-bookworm')?.version, '3.12.0');
  assert.equal(coerceVersion('22.04')?.version, '22.4.0');
  assert.equal(coerceVersion('jdk-21.0.2+13')?.version, '21.0.2');
  assert.equal(releaseOf(familyById(knowledgeBase, 'alpine')!, '3.18.4')?.version, '3.18');
  assert.equal(releaseOf(familyById(knowledgeBase, 'python')!, '3.1')?.version, undefined, '3.1 is not 3.10');
  assert.equal(releaseOf(familyById(knowledgeBase, 'ubuntu')!, '22.04')?.codename, 'jammy');
});

test('every figure and date in the knowledge base names a source it defines', () => {
  for (const family of knowledgeBase.families) {
    for (const item of [...family.releases, ...family.images]) {
      assert.ok(knowledgeBase.sources[item.source], `${family.id}: ${JSON.stringify(item)} cites ${item.source}`);
      assert.ok(knowledgeBase.sources[item.source].url.startsWith('https://'));
    }
    for (const r of family.releases) assert.match(r.eol, /^\d{4}-\d{2}-\d{2}$/);
  }
});

test('the capture keeps identity files and the entrypoint, /bin names also under usr/ (merged /usr)', () => {
  const keep = baseCapturePredicate({ config: { Entrypoint: ['/bin/bash'], Cmd: ['python3'], Env: ['PATH=/usr/local/bin:/usr/bin'] } });
  assert.equal(keep('etc/os-release', 300), true);
  assert.equal(keep('var/lib/dpkg/status.d/libc6', 300), true);
  assert.equal(keep('var/lib/dpkg/status.d/libc6.md5sums', 300), false);
  assert.equal(keep('usr/bin/bash', 1_000_000), 64 * 1024);
  assert.equal(keep('bin/bash', 1_000_000), 64 * 1024);
  assert.equal(keep('usr/local/bin/python3.12', 1_000_000), 64 * 1024);
  assert.equal(keep('usr/local/bin/python3-config', 1_000), 64 * 1024);
  assert.equal(keep('usr/share/doc/readme', 10), false);
});
