import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/eol-base.js';
import { contextWithFiles, DEBIAN_10_OS_RELEASE, DEBIAN_12_OS_RELEASE } from './base-context.js';
import { check } from './helpers.js';

const UBUNTU_2204 = 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n';

function osImage(osRelease: string, extra: { env?: string[]; files?: Record<string, number> } = {}) {
  return contextWithFiles({
    layers: [
      { inherited: true, instruction: 'ADD rootfs.tar.xz /', files: { 'etc/os-release': osRelease.length, 'bin/sh': 100_000, ...extra.files } },
      { inherited: true, instruction: 'CMD ["bash"]', emptyLayer: true },
      { instruction: 'COPY run.sh /app/run.sh', files: { 'app/run.sh': 20 } },
    ],
    config: { Entrypoint: ['/app/run.sh'], Env: extra.env ?? [] },
  }, { 0: { 'etc/os-release': osRelease }, 1: { 'app/run.sh': '#!/bin/sh\n' } });
}

test('fires as a warning on Debian 10, whose LTS ended on 2024-06-30, with the upgrade as fix', () => {
  const findings = check(rule, osImage(DEBIAN_10_OS_RELEASE));
  assert.deepEqual(findings.map((f) => [f.severity, f.fix, f.layerIndex]), [['warning', 'move to Debian 13', 0]]);
  assert.match(findings[0].message, /^Debian 10 \(buster\) reached its end of life on 2024-06-30: no more security fixes; 3 newer releases exist \(latest 13\) \(https:\/\/www\.debian\.org\/releases\/\)$/);
});

test('fires on an ended Node.js runtime even when the distribution is supported', () => {
  const findings = check(rule, osImage(DEBIAN_12_OS_RELEASE, { env: ['NODE_VERSION=18.20.4'], files: { 'usr/local/bin/node': 90_000_000 } }));
  assert.deepEqual(findings.map((f) => [f.severity, f.message.split(':')[0]]), [['warning', 'Node.js 18 reached its end of life on 2025-04-30']]);
  assert.equal(findings[0].fix, 'move to Node.js 24');
});

test('fires as information on a supported release two majors behind (Ubuntu 22.04)', () => {
  const findings = check(rule, osImage(UBUNTU_2204));
  assert.deepEqual(findings.map((f) => [f.severity, f.message]), [['info', 'Ubuntu 22.04 (jammy) is 2 releases behind (latest 26.04); supported until 2027-06-30 (https://ubuntu.com/about/release-cycle)']]);
});

test('does not fire on Debian 12: supported and one release behind', () => {
  assert.deepEqual(check(rule, osImage(DEBIAN_12_OS_RELEASE)), []);
});
