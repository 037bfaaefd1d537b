/**
 * `tsimage lint --fix` against a real engine: every sample Dockerfile (samples/dockerfiles/) and the fix
 * fixture (test/fixtures/fix/) is built FROM this run's busybox base as written and as fixed. The safely
 * fixed build must give the same squashed filesystem (every path with its type, mode, owner, size, link
 * target and content hash, as tsimage reads the saved image; mtimes differ from build to build); the
 * unsafely fixed one must build. Skips, saying why, without an engine.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeModel } from '../../src/analysis/report.js';
import { openImage } from '../../src/image/open.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { repoRoot } from '../helpers.js';
import { fixWith } from '../rules/fix-tester.js';
import { buildTestImage, type TestImage } from '../rules/images.js';

const CONTEXT_DIR = join(repoRoot, 'samples', 'dockerfiles', 'context');

/** The samples' build context, as samples/build.sh makes it (copied.bin: 102400 bytes it makes at random). */
function sampleContext(): TestImage['context'] {
  const context: TestImage['context'] = { 'copied.bin': 102400 };
  for (const name of readdirSync(CONTEXT_DIR)) context[name] = [readFileSync(join(CONTEXT_DIR, name), 'utf8'), statSync(join(CONTEXT_DIR, name)).mode & 0o777];
  return context;
}

const DOCKERFILES = [
  ...readdirSync(join(repoRoot, 'samples', 'dockerfiles')).filter((f) => f.endsWith('.Dockerfile')).map((f) => join('samples', 'dockerfiles', f)),
  join('test', 'fixtures', 'fix', 'busybox.Dockerfile'),
];

/** One line per path of the squashed filesystem, sorted; and its sha256. */
async function squashedListing(archive: string): Promise<{ lines: string[]; digest: string }> {
  const { tree } = analyzeModel(await openImage(archive));
  const lines: string[] = [];
  for (const [path, node] of tree.walk()) {
    const e = node.entry;
    if (!e) continue;
    lines.push(`${path} ${e.type} ${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.size} ${e.linkTarget ?? '-'} ${e.contentHash ?? '-'}`);
  }
  lines.sort();
  return { lines, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

function image(name: string, dockerfile: string, file: string): TestImage {
  // The BuildKit sample uses COPY --chmod and RUN --mount: the engine's built-in BuildKit builds it.
  const builder = /--chmod|--mount/.test(dockerfile) ? 'buildkit' : 'legacy';
  return { name, builder, dockerfile: dockerfile.replace(/tsimage-busybox:base/g, BUSYBOX_BASE), context: sampleContext(), buildArgs: file.startsWith('samples') ? { VERSION: '1.2.3' } : {} };
}

for (const file of DOCKERFILES) {
  const slug = file.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
  test(`${file}: fixed, it builds; the safe fixes give the same filesystem`, async (t) => {
    const skip = await busyboxBaseUnavailable();
    if (skip) { t.skip(skip); return; }
    const code = readFileSync(join(repoRoot, file), 'utf8');
    const safe = (await fixWith('*', code, false)).text;
    const unsafe = (await fixWith('*', code, true)).text;
    if (safe === code && unsafe === code) { t.diagnostic('no fix applies: nothing to build'); return; }
    const original = await squashedListing(await buildTestImage(image(`fix-${slug}-original`, code, file)));
    if (safe !== code) {
      const fixed = await squashedListing(await buildTestImage(image(`fix-${slug}-safe`, safe, file)));
      // Random bytes (copied.bin) are made per build: compare their listing without the content hash.
      const stable = (lines: string[]) => lines.map((l) => (l.startsWith('srv/app/copied.bin ') ? l.replace(/ \S+$/, '') : l));
      assert.deepEqual(stable(fixed.lines), stable(original.lines), `${file}: the safely fixed build differs`);
      t.diagnostic(`safe fix: ${original.lines.length} paths, filesystem digest ${fixed.digest.slice(0, 16)} (original ${original.digest.slice(0, 16)})`);
    }
    if (unsafe !== safe) {
      const built = await squashedListing(await buildTestImage(image(`fix-${slug}-unsafe`, unsafe, file)));
      assert.ok(built.lines.length > 0);
      t.diagnostic(`unsafe fix built: ${built.lines.length} paths`);
    }
  });
}
