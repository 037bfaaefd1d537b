import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextWithFiles, DEBIAN_12_OS_RELEASE } from '../../rules/base-context.js';

test('runtimes and their versions from version files, directories and env: java, go, python, ruby, dotnet, php', () => {
  const release = 'JAVA_VERSION="21.0.5"\nIMPLEMENTOR="Eclipse Adoptium"\n';
  const ctx = contextWithFiles({
    layers: [
      {
        inherited: true, instruction: 'ADD rootfs.tar.xz /',
        files: {
          'etc/os-release': DEBIAN_12_OS_RELEASE.length, 'bin/sh': 100_000,
          'opt/java/openjdk/bin/java': 10_000, 'opt/java/openjdk/release': release.length,
          'usr/local/go/bin/go': 10_000, 'usr/local/go/VERSION': 26,
          'usr/lib/python3.11/os.py': 40_000, 'usr/bin/python3.11': 6_000_000,
          'usr/local/bin/ruby': 10_000, 'usr/local/lib/ruby/3.3.0/set.rb': 100,
          'usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.2/System.dll': 10, 'usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.10/System.dll': 10,
          'usr/local/bin/php': 10_000,
        },
      },
      { inherited: true, instruction: 'CMD ["bash"]', emptyLayer: true },
      { instruction: 'COPY run.sh /app/run.sh', files: { 'app/run.sh': 10 } },
    ],
    config: { Entrypoint: ['/app/run.sh'], Env: ['PHP_VERSION=8.3.14'] },
  }, { 0: { 'etc/os-release': DEBIAN_12_OS_RELEASE, 'opt/java/openjdk/release': release, 'usr/local/go/VERSION': 'go1.23.4\ntime 2024-12-02\n' }, 1: { 'app/run.sh': '#!/bin/sh\n' } });
  const runtimes = ctx.report.base!.runtimes.map((r) => [r.name, r.version, r.major, r.evidence]);
  assert.deepEqual(runtimes, [
    ['python', '3.11', '3.11', '/usr/lib/python3.11/'],
    ['java', '21.0.5', '21', '/opt/java/openjdk/release'],
    ['go', '1.23.4', '1.23', '/usr/local/go/VERSION'],
    ['ruby', '3.3', '3.3', 'ruby ABI directory 3.3.0'],
    ['dotnet', '8.0.10', '8', 'Microsoft.NETCore.App directory'],
    ['php', '8.3.14', '8.3', 'PHP_VERSION'],
  ]);
  // Go 1.23 ended on 2025-08-12 (go-policy); Java 21 and PHP 8.3 are supported on the pinned day.
  const eol = ctx.report.base!.eol.map((e) => [e.subject, e.ended]);
  assert.deepEqual(eol, [['Debian 12 (bookworm)', false], ['Python 3.11', false], ['Eclipse Temurin (OpenJDK) 21', false], ['Go 1.23', true], ['Ruby 3.3', false], ['PHP 8.3', false]]);
});
