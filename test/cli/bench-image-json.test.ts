/**
 * The bench images are synthesized (bench/synthesize.ts), too large to commit or to analyze in a test; this
 * pins `analyze --format json` of a small one made by the same code, in its three forms (docker save with plain
 * and with gzip layers, oci-archive), byte for byte (issue 13). `npm run bench` checks the large ones against
 * the digests in bench/json-digests.json. UPDATE_GOLDEN=1 rewrites these goldens; review the diff.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { synthesize } from '../../bench/synthesize.js';
import { repoRoot, runCli } from '../helpers.js';

const goldenDir = `${repoRoot}test/golden/json`;
const update = process.env.UPDATE_GOLDEN === '1';
const cache = mkdtempSync(join(tmpdir(), 'tsimage-bench-json-'));
after(() => rmSync(cache, { recursive: true, force: true }));

/** The gzip layers synthesized here are the ones the golden describes (same zlib output). */
function gzipLayersAsPinned(golden: string, gzipLayers: string[]): boolean {
  const pinned = (JSON.parse(golden) as { layers: { digest: string }[] }).layers.map((l) => l.digest);
  const made = gzipLayers.map((path) => 'sha256:' + createHash('sha256').update(readFileSync(path)).digest('hex'));
  return pinned.length === made.length && pinned.every((d, i) => d === made[i]);
}

test('analyze --format json of a small synthesized bench image is unchanged, in each of its forms', async (t) => {
  const image = await synthesize(cache, () => {}, { name: 'pinned', layers: 2, filesPerLayer: 300, profile: 'mixed' });
  for (const archive of [image.dockerArchive, image.dockerGzipArchive, image.ociArchive]) {
    await t.test(basename(archive), async () => {
      const result = await runCli(['analyze', basename(archive), '--format', 'json', '--fail-on', 'none'], { cwd: image.dir });
      assert.equal(result.code, 0, result.stderr);
      const file = `${goldenDir}/synthesized-${basename(archive)}.json`;
      if (update) { writeFileSync(file, result.stdout); return; }
      assert.ok(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`);
      const golden = readFileSync(file, 'utf8');
      if (archive !== image.dockerArchive && !gzipLayersAsPinned(golden, image.gzipLayers)) {
        t.skip(`this Node's zlib writes other gzip bytes than the one that wrote ${basename(file)}: the gzip forms cannot be compared`);
        return;
      }
      assert.equal(result.stdout, golden, `analyze --format json of ${basename(archive)} differs from ${file}`);
    });
  }
});
