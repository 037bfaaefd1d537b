/** Source cases (tsimage lint) for pin-package-versions, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { lintSource } from './source-tester.js';
import { DEBIAN_DEBOOTSTRAP_INSTALL, debianImage } from './debian-images.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [
    F + 'RUN apt-get install -y --no-install-recommends curl=7.88.1-10 ./local.deb',
    'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build curl=8.5.0-r0',
    F + 'RUN pip install --no-cache-dir -r requirements.txt flask==3.0.0 "requests>=2"',
    F + 'RUN npm install && npm install left-pad@1.3.0 @scope/pkg@2.0.0',
  ],
  invalid: [
    { code: F + 'RUN apt-get install -y curl=7.88.1 wget', errors: [{ line: 2, message: 'apt installs wget' }] },
    { code: 'FROM alpine:3.20\nRUN apk add --no-cache curl', errors: [{ line: 2, message: 'apk installs curl' }] },
    { code: F + 'RUN pip install flask && npm install -g @scope/pkg typescript@latest', errors: [{ line: 2, message: 'npm installs @scope/pkg, typescript@latest' }, { line: 2, message: 'pip installs flask' }] },
  ],
};

test('pin-package-versions: valid Dockerfiles give no finding', () => checkValid('pin-package-versions', cases.valid));
test('pin-package-versions: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('pin-package-versions', cases.invalid));

test('pin-package-versions: without an image, one placeholder per package, in each manager\'s syntax', async () => {
  const fixes = (await lintSource('pin-package-versions', 'FROM debian:12\nRUN apt-get install -y curl wget && pip install flask requests==2.0 && npm i -g typescript@latest')).map((f) => f.fix);
  assert.deepEqual(fixes.sort(), [
    'apt-get install -y --no-install-recommends curl=<version> wget=<version>',
    'npm install typescript@<version> (or npm ci with a lockfile)',
    'pip install --no-cache-dir flask==<version> (or -r requirements.txt with pinned versions)',
  ]);
});

test('real Debian image: `analyze --dockerfile` suggests the versions in the image\'s dpkg database, one per package', async (t) => {
  const built = await debianImage(DEBIAN_DEBOOTSTRAP_INSTALL);
  if (built.skip) return t.skip(built.skip);
  // Independent of dpkg's status: apt names what it downloaded `<name>_<version>_<arch>.deb` (epoch `:` as %3a).
  const downloaded = new Map(built.ctx!.image.layers[1].entries.map((e) => /^var\/cache\/apt\/archives\/([^_/]+)_([^_]+)_[^_]+\.deb$/.exec(e.path)).filter((m) => m !== null).map((m) => [m![1], decodeURIComponent(m![2])]));
  assert.ok(downloaded.has('curl') && downloaded.has('netbase'), [...downloaded.keys()].join(', '));
  const dir = mkdtempSync(join(tmpdir(), 'tsimage-i14-pin-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), DEBIAN_DEBOOTSTRAP_INSTALL.dockerfile);
    const result = await runCli(['analyze', built.archive!, '--dockerfile', join(dir, 'Dockerfile'), '--format', 'json']);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; fix?: string }[] }).findings.filter((f) => f.ruleId === 'pin-package-versions');
    assert.deepEqual(findings.map((f) => f.fix), [`apt-get install -y --no-install-recommends curl=${downloaded.get('curl')} netbase=${downloaded.get('netbase')} (the versions in the built image)`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
