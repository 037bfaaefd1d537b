/**
 * `analyze --format json` of every archive under samples/, pinned byte for byte (issue 13: speed work must not
 * change output). Runs the CLI as users do, from the repository root with a relative path, so `image.source`
 * is stable. A new sample needs its golden written: UPDATE_GOLDEN=1 writes them; review the diff line by line.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoRoot, runCli, samplesDir } from '../helpers.js';

const goldenDir = `${repoRoot}test/golden/json`;
const update = process.env.UPDATE_GOLDEN === '1';

/** Every image samples/ holds: archives (.tar) and OCI layout directories (they have an oci-layout file). */
export function sampleImages(): string[] {
  return readdirSync(samplesDir).filter((name) => {
    const path = `${samplesDir}/${name}`;
    return name.endsWith('.tar') || (statSync(path).isDirectory() && existsSync(`${path}/oci-layout`));
  }).sort();
}

test('samples/ holds the images this test pins', () => {
  assert.ok(sampleImages().length >= 10, `only ${sampleImages().length} images under samples/`);
});

for (const name of sampleImages()) {
  test(`analyze --format json of samples/${name} is unchanged`, async () => {
    const result = await runCli(['analyze', `samples/${name}`, '--format', 'json', '--fail-on', 'none']);
    assert.equal(result.code, 0, result.stderr);
    const file = `${goldenDir}/${name}.json`;
    if (update) {
      writeFileSync(file, result.stdout);
      return;
    }
    assert.ok(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`);
    assert.equal(result.stdout, readFileSync(file, 'utf8'), `analyze --format json of samples/${name} differs from ${file}`);
  });
}
