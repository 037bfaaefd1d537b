/**
 * Corpus run: every Dockerfile under samples/ and test/ linted from source, with the findings each must
 * give (rule and line). A new Dockerfile in either tree fails this test until its expectations are written.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { lintDockerfiles } from '../../src/lint/lint-dockerfile.js';
import { repoRoot } from '../helpers.js';

const EXPECTED: Record<string, string[]> = {
  'samples/dockerfiles/buildkit.Dockerfile': ['22 add-instead-of-copy'],
  'samples/dockerfiles/good.Dockerfile': [],
  'samples/dockerfiles/legacy.Dockerfile': ['18 add-instead-of-copy'],
  'samples/dockerfiles/waste.Dockerfile': ['6 missing-healthcheck', '16 consecutive-run'],
  'test/fixtures/lint/bad.Dockerfile': [
    '3 latest-base-tag', '4 workdir-relative', '5 cd-in-run', '7 from-alias-unique', '7 stage-name-casing', '8 maintainer-deprecated',
    '10 latest-base-tag', '10 missing-healthcheck', '10 runs-as-root', '11 secret-in-env-or-arg', '12 secret-in-env-or-arg',
    '13 apt-update-alone', '13 consecutive-run', '14 apt-no-install-recommends', '14 pin-package-versions',
    '14 sorted-package-lists', '14 ssh-server', '15 pipefail', '19 copy-from-unknown-stage', '20 add-remote-url',
    '21 add-instead-of-copy', '22 expose-invalid-port', '22 ssh-server', '24 pipefail', '25 multiple-cmd-or-entrypoint',
    '26 shell-form-entrypoint',
  ],
  'test/fixtures/fix/busybox.Dockerfile': ['5 missing-healthcheck', '5 runs-as-root', '6 maintainer-deprecated', '8 add-instead-of-copy', '9 consecutive-run', '15 shell-form-entrypoint'],
  // escape=`, a PowerShell SHELL (no pipefail), C:\ paths: nothing to report.
  'test/fixtures/lint/windows.Dockerfile': [],
  'test/fixtures/multistage.Dockerfile': ['6 consecutive-run', '14 missing-healthcheck', '17 consecutive-run', '21 consecutive-run'],
  'test/golden/dockerfile/buildkit.Dockerfile': ['17 add-instead-of-copy'],
  'test/golden/dockerfile/export.Dockerfile': ['6 missing-healthcheck'],
  'test/golden/dockerfile/good.Dockerfile': [],
  'test/golden/dockerfile/legacy.Dockerfile': ['21 add-instead-of-copy'],
  'test/golden/dockerfile/multiarch.Dockerfile': ['17 missing-healthcheck', '17 runs-as-root'],
  'test/golden/dockerfile/waste-oci-zstd.Dockerfile': ['8 missing-healthcheck', '16 consecutive-run'],
  'test/golden/dockerfile/waste.Dockerfile': ['8 missing-healthcheck', '16 consecutive-run'],
  'test/golden/dockerfile/waste.sizes.Dockerfile': ['9 missing-healthcheck', '17 consecutive-run'],
};

function dockerfilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : dockerfilesUnder(path);
    return /(^|\.)Dockerfile$|^Dockerfile\./.test(d.name) ? [path] : [];
  });
}

test('every Dockerfile under samples/ and test/ gives exactly its expected findings', async () => {
  const files = ['samples', 'test'].flatMap((d) => dockerfilesUnder(join(repoRoot, d))).map((f) => relative(repoRoot, f).split('\\').join('/')).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort(), 'the corpus changed: add the new Dockerfile\'s expected findings here');
  for (const file of files) {
    const { findings } = await lintDockerfiles([{ file, text: readFileSync(join(repoRoot, file), 'utf8') }]);
    assert.deepEqual(findings.map((f) => `${f.line} ${f.ruleId}`), EXPECTED[file], file);
  }
});
