/**
 * `tsimage batch` and `tsimage merge` on a real fleet: 51 images the engine built on three bases
 * (fleet-images.ts). The cache's effect is checked by what the second pass did (rows reused, no layer
 * hashed again), not by timing: the figures are `npm run bench:fleet`'s.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { FleetReport } from '../../src/fleet/types.js';
import { hasStackTrace, runCli, tempDir } from '../helpers.js';
import { fleetUnavailable, makeFleet, type Fleet } from './fleet-images.js';

const COUNT = 51;
let fleet: Fleet | undefined;
let skip: string | undefined;

before(async () => {
  skip = await fleetUnavailable();
  if (!skip) fleet = await makeFleet(COUNT);
});

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as FleetReport;
/** Everything but the time of writing and the shard, which merge drops. */
const content = (report: FleetReport) => ({ ...report, generatedAt: undefined, shard: undefined });

test('batch: one row per image in list order, shared bases found, fleet totals and top lists', async (t) => {
  if (skip) return t.skip(skip);
  const work = tempDir('tsimage-batch-');
  const result = await runCli(['batch', fleet!.list, '--cache-dir', join(work, 'cache'), '-f', `json=${join(work, 'fleet.json')}`, '-f', 'markdown', '--fail-on', 'none']);
  assert.equal(result.code, 0, result.stderr);
  const report = read(join(work, 'fleet.json'));
  assert.equal(report.images.length, COUNT);
  assert.deepEqual(report.images.map((row) => row.position), [...Array(COUNT).keys()]);
  assert.deepEqual(report.images.map((row) => row.ref), readFileSync(fleet!.list, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
  assert.ok(report.images.every((row) => row.status === 'ok' && row.base?.image === 'busybox:1.35.0' && row.layerCount! >= 3), 'every image read, its busybox base identified');
  // Base 2 (17 images) and every fifth app (11) delete a file a lower layer wrote; 4 images are both.
  // Every fifth app writes and deletes /app/tmp.bin: 10,000 × (i + 1) bytes that still ship.
  const wasteful = report.images.filter((row) => row.topWasted.some((w) => w.path === 'app/tmp.bin'));
  assert.deepEqual(wasteful.map((row) => row.position), [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  assert.equal(report.images[5].topWasted.find((w) => w.path === 'app/tmp.bin')?.bytes, 60_000);
  const scratch = report.topWastedPaths.find((p) => p.path === 'opt/scratch.bin');
  assert.deepEqual(scratch, { path: 'opt/scratch.bin', bytes: 300_000 * 17, images: 17 }, 'base 2\'s deleted file, in the 17 images built on it');
  assert.ok(report.topRules.some((rule) => rule.ruleId === 'deleted-in-later-layer' && rule.images === 24), JSON.stringify(report.topRules));
  assert.equal(report.totals.analyzed, COUNT);
  assert.equal(report.totals.wastedBytes, report.images.reduce((sum, row) => sum + row.wastedBytes!, 0));
  assert.match(result.stdout, /^## tsimage fleet report: 51 images/);
  assert.match(result.stdout, /### Most wasteful\n\n_the 10 images with the most reclaimable bytes_/);
});

test('batch: a second pass with the same cache reuses every row, hashes no layer of an unchanged archive and gives the same rows; --rehash and a changed file are verified again', async (t) => {
  if (skip) return t.skip(skip);
  const work = tempDir('tsimage-batch-cache-');
  const cache = join(work, 'cache');
  const first = await runCli(['batch', fleet!.list, '--cache-dir', cache, '-f', `json=${join(work, '1.json')}`, '--fail-on', 'none']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /51 of 51 images analyzed, 0 failed the gate; 0 unchanged since their kept rows/);
  const second = await runCli(['batch', fleet!.list, '--cache-dir', cache, '-f', `json=${join(work, '2.json')}`, '--fail-on', 'none']);
  assert.match(second.stderr, /; 51 unchanged since their kept rows, not analysed again/);
  assert.deepEqual(read(join(work, '2.json')).images, read(join(work, '1.json')).images);
  const rehashed = await runCli(['batch', fleet!.list, '--cache-dir', cache, '-f', `json=${join(work, '3.json')}`, '--fail-on', 'none', '--rehash']);
  assert.match(rehashed.stderr, /; 51 unchanged/);
  assert.deepEqual(read(join(work, '3.json')).images, read(join(work, '1.json')).images);

  // A copy of an archive under another name: the same declarations, but a file never hashed, so verified.
  const copyDir = tempDir('tsimage-batch-copy-');
  copyFileSync(fleet!.archives[0], join(copyDir, 'app-00.docker.tar'));
  writeFileSync(join(copyDir, 'list'), 'app-00.docker.tar\n');
  const copy = await runCli(['batch', join(copyDir, 'list'), '--cache-dir', cache, '-f', 'json', '--fail-on', 'none']);
  assert.equal(copy.code, 0, copy.stderr);
  assert.deepEqual(JSON.parse(copy.stdout).images[0], read(join(work, '1.json')).images[0]);
  // The same file with one layer byte changed (the declarations intact): the hash catches it; the row is not reused.
  const bytes = readFileSync(join(copyDir, 'app-00.docker.tar'));
  const at = bytes.lastIndexOf(Buffer.from('base 0 file 1499'));
  assert.ok(at > 0);
  bytes[at] = 'B'.charCodeAt(0);
  writeFileSync(join(copyDir, 'app-00.docker.tar'), bytes);
  const tampered = await runCli(['batch', join(copyDir, 'list'), '--cache-dir', cache, '-f', 'json', '--fail-on', 'none']);
  assert.equal(tampered.code, 2, tampered.stderr);
  assert.match(JSON.parse(tampered.stdout).images[0].error, /mismatch for layer \d/);
  assert.ok(!hasStackTrace(tampered.stderr));
});

test('batch: three shards merged equal the unsharded run; JOB_COMPLETION_INDEX picks the shard', async (t) => {
  if (skip) return t.skip(skip);
  const work = tempDir('tsimage-batch-shards-');
  const cache = join(work, 'cache');
  const whole = await runCli(['batch', fleet!.list, '--cache-dir', cache, '-f', 'json', '--fail-on', 'warning']);
  assert.equal(whole.code, 1, 'warnings fail a --fail-on warning gate');
  const shards: string[] = [];
  for (const index of [0, 1, 2]) {
    const file = join(work, `shard-${index}.json`);
    const run = await runCli(['batch', fleet!.list, '--shard', `${index}/3`, '--no-cache', '-f', `json=${file}`, '--fail-on', 'warning']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`^shard ${index}/3: 17 of 17 images analyzed`, 'm'));
    shards.push(file);
  }
  const merged = await runCli(['merge', ...shards.reverse(), '-f', 'json']);
  assert.equal(merged.code, 1, merged.stderr);
  assert.deepEqual(content(JSON.parse(merged.stdout)), content(JSON.parse(whole.stdout)));

  const indexed = await runCli(['batch', fleet!.list, '--shard-count', '3', '--no-cache', '-f', 'json', '--fail-on', 'warning'], { env: { JOB_COMPLETION_INDEX: '1' } });
  assert.deepEqual(content(JSON.parse(indexed.stdout)), content(read(shards[1])), 'shard 1 by the environment = shard 1/3 by the flag');
  assert.deepEqual(JSON.parse(indexed.stdout).shard, { index: 1, count: 3 });
});

test('batch: an unreadable image leaves the other rows intact; a lost shard is named by merge', async (t) => {
  if (skip) return t.skip(skip);
  const work = tempDir('tsimage-batch-fail-');
  const names = readFileSync(fleet!.list, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  writeFileSync(join(work, 'broken.tar'), readFileSync(fleet!.archives[1]).subarray(0, 5000));
  const list = join(work, 'list');
  writeFileSync(list, [...names.slice(0, 5).map((name) => join(fleet!.dir, name)), 'broken.tar', 'missing.tar'].join('\n') + '\n');
  const shardFiles = [0, 1].map((index) => join(work, `s${index}.json`));
  const runs = [];
  for (const [index, file] of shardFiles.entries()) runs.push(await runCli(['batch', list, '--shard', `${index}/2`, '--no-cache', '-f', `json=${file}`, '--fail-on', 'none']));
  // Shard 1 holds positions 1, 3 and 5 (broken.tar); shard 0 holds 0, 2, 4 and 6 (missing.tar).
  for (const run of runs) {
    assert.equal(run.code, 2, run.stderr);
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
  }
  assert.match(runs[1].stderr, /^tsimage: .*broken\.tar: /m);
  const s1 = read(shardFiles[1]);
  assert.deepEqual(s1.images.map((row) => [row.position, row.status]), [[1, 'ok'], [3, 'ok'], [5, 'error']]);
  const merged = await runCli(['merge', ...shardFiles, '-f', 'json']);
  assert.equal(merged.code, 2);
  assert.equal(JSON.parse(merged.stdout).totals.failed, 2);
  // Shard 0 lost (its job died before writing): merge names its images.
  const lost = await runCli(['merge', shardFiles[1], '-f', 'markdown']);
  assert.equal(lost.code, 2);
  assert.match(lost.stderr, /^tsimage: shard 0\/2 missing: no report covers .*app-00\.docker\.tar, .*app-02\.docker\.tar, .*app-04\.docker\.tar, missing\.tar \(4 images\)$/m);
  assert.match(lost.stdout, /### Missing/);
  const bad = await runCli(['merge', shardFiles[1], list]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^tsimage: .*list: not JSON/m);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});

test('batch --baseline: what got better or worse since an earlier report', async (t) => {
  if (skip) return t.skip(skip);
  const work = tempDir('tsimage-batch-baseline-');
  const names = readFileSync(fleet!.list, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  // Last week app-a was app-00 (wasteful), app-b was app-01; this week app-a is rebuilt without the waste (app-01's recipe).
  const lastWeek = join(work, 'last'), thisWeek = join(work, 'this');
  for (const dir of [lastWeek, thisWeek]) writeFileSync(join(work, `${dir === lastWeek ? 'last' : 'this'}.list`), 'app-a.tar\napp-b.tar\n');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(lastWeek); mkdirSync(thisWeek);
  copyFileSync(join(fleet!.dir, names[0]), join(lastWeek, 'app-a.tar'));
  copyFileSync(join(fleet!.dir, names[1]), join(lastWeek, 'app-b.tar'));
  copyFileSync(join(fleet!.dir, names[3]), join(thisWeek, 'app-a.tar'));
  copyFileSync(join(fleet!.dir, names[1]), join(thisWeek, 'app-b.tar'));
  writeFileSync(join(lastWeek, 'list'), 'app-a.tar\napp-b.tar\n');
  writeFileSync(join(thisWeek, 'list'), 'app-a.tar\napp-b.tar\n');
  const previous = join(work, 'previous.json');
  assert.equal((await runCli(['batch', join(lastWeek, 'list'), '--no-cache', '-f', `json=${previous}`, '--fail-on', 'none'])).code, 0);
  const now = await runCli(['batch', join(thisWeek, 'list'), '--no-cache', '--baseline', previous, '-f', 'json', '-f', `markdown=${join(work, 'summary.md')}`, '--fail-on', 'none']);
  assert.equal(now.code, 0, now.stderr);
  const changes = JSON.parse(now.stdout).changes;
  assert.deepEqual(changes.map((c: { ref: string; kind: string; verdict: string }) => [c.ref, c.kind, c.verdict]), [['app-a.tar', 'changed', 'better'], ['app-b.tar', 'same', 'same']]);
  assert.deepEqual(changes[0].wastedBytes, { before: 10_000, after: 0 });
  assert.match(readFileSync(join(work, 'summary.md'), 'utf8'), /\| app-a\.tar \| better \| -10\.0 kB \|/);
  const missing = await runCli(['batch', join(thisWeek, 'list'), '--no-cache', '--baseline', join(work, 'nope.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json: cannot read the fleet report \(ENOENT\)/);
});

test('batch: usage errors are one line and exit 2 before any image is read', async (t) => {
  if (skip) return t.skip(skip);
  for (const [args, message] of [
    [['--shard', '3/3'], /shard index 3 is not below the shard count 3/],
    [['--shard-count', '2'], /neither is set/],
    [['--concurrency', '0'], /--concurrency: expected 1 to 64/],
    [['-f', 'sarif'], /unknown format "sarif" \(choose from text, json, markdown, html\)/],
    [['--fail-on', 'sometimes'], /--fail-on: expected one of/],
  ] as const) {
    const result = await runCli(['batch', fleet!.list, ...args], { env: { JOB_COMPLETION_INDEX: '' } });
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.ok(!hasStackTrace(result.stderr));
  }
  const noList = await runCli(['batch', '/nonexistent/list']);
  assert.equal(noList.code, 2);
  assert.equal(noList.stderr.trim(), 'tsimage: /nonexistent/list: cannot read the list (ENOENT)');
});
