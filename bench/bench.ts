/**
 * `npm run bench`: tsimage beside dive (when `$DIVE` or ../shared/tools/dive/dive is there) and beside the floor,
 * per archive: best of N wall time, peak RSS (/usr/bin/time), the ratio tsimage/dive, and the floor — the larger
 * of reading+decompressing the layers and sha256 of every byte spread over all cores (digests must be verified,
 * so no reader can beat it). Prints a Markdown table (docs/benchmarks.md keeps one). A measurement, not a test:
 * it never fails on figures. It does fail when tsimage's JSON of a bench image differs from the digest recorded
 * in bench/json-digests.json (output must not change while speed does); --write-digests records them.
 *
 * The set: a few-KB archive (../shared/fixtures/peers/ggcr-overwritten_file.tar, when there), a ~230 MB and the
 * 2.7 GB / 104k-file synthesized image (bench/synthesize.ts) as docker save with plain and with gzip layers, and
 * with --million (or TSIMAGE_BENCH_MILLION=1) a 1,000,000-file image: opt-in, since dive takes minutes on it;
 * with --ten-gib (or TSIMAGE_BENCH_TEN_GIB=1) a 10 GiB image of ten 1 GiB files, plain layers only: memory must
 * stay bounded however large the layers are.
 * Options: --runs N (best of N, default 3), --cache DIR (synthesized images, kept), --only NAME, --json.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { createDecompressor } from '../src/archive/decompress.js';
import { BIG, synthesize, type SynthesisSpec } from './synthesize.js';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const runs = Number(argValue('--runs') ?? 3);
const cacheDir = argValue('--cache') ?? join(tmpdir(), 'tsimage-bench');
const only = argValue('--only');
const asJson = process.argv.includes('--json');
const writeDigests = process.argv.includes('--write-digests');
const million = process.argv.includes('--million') || process.env.TSIMAGE_BENCH_MILLION === '1';
const tenGib = process.argv.includes('--ten-gib') || process.env.TSIMAGE_BENCH_TEN_GIB === '1';
const log = (line: string) => process.stderr.write(line + '\n');

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsimageBin = join(repoRoot, 'dist/bundle/cli/bin.js');
const digestsFile = join(repoRoot, 'bench/json-digests.json');
const divePath = process.env.DIVE || join(repoRoot, '../shared/tools/dive/dive');
const haveDive = existsSync(divePath);
const peerSmall = join(process.env.TSIMAGE_PEER_FIXTURES || join(repoRoot, '../shared/fixtures/peers'), 'ggcr-overwritten_file.tar');

const MEDIUM: SynthesisSpec = { name: 'medium', layers: 4, filesPerLayer: 1_500, profile: 'mixed' };
const MILLION: SynthesisSpec = { name: 'million', layers: 4, filesPerLayer: 250_000, profile: 'tiny' };
/** Memory must stay bounded however large the layers: 10 files of 1 GiB, plain only (20 GB of disk with its layers). */
const TEN_GIB: SynthesisSpec = { name: 'ten-gib', layers: 2, filesPerLayer: 5, profile: 'huge', plainOnly: true };

interface Measured { seconds: number; maxRssBytes: number; cpuSeconds: number; code: number | null; stdout: string; stderr: string }

/** Runs under /usr/bin/time for the peak RSS (worker threads are in the same process); wall time by hrtime. */
function measure(command: string, args: string[], cwd: string, keepStdout = false): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'bench-rss-kb %M bench-cpu %U %S', command, ...args], { cwd, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const match = /bench-rss-kb (\d+) bench-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      // User + system CPU of the process and its threads: on a shared machine it says more than wall time.
      resolve({ seconds, maxRssBytes: match ? Number(match[1]) * 1024 : NaN, cpuSeconds: match ? Number(match[2]) + Number(match[3]) : NaN, code, stdout, stderr });
    });
  });
}

async function best<T extends { seconds: number }>(n: number, fn: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  for (let i = 0; i < n; i++) {
    const r = await fn();
    if (!result || r.seconds < result.seconds) result = r;
  }
  return result!;
}

const discard = () => new Writable({ write(_chunk, _encoding, done) { done(); } });

/** Read (and gunzip) every layer, all at once: zlib inflates in libuv's thread pool. */
async function timeReadDecompress(paths: string[], gzip: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(paths.map((path) => gzip
    ? pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), createDecompressor('gzip'), discard())
    : pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), discard())));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The digest work any verifying reader must do, on every core: sha256 of each stored blob and, for gzip,
 * gunzip plus sha256 of the tar (the diff id). Layers are shared out over the cores.
 */
const VERIFY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync, createReadStream } = require('node:fs');
(async () => {
  for (const { path, gzip } of workerData.share) {
    if (!gzip) {
      const fd = openSync(path, 'r'); const buf = Buffer.allocUnsafe(1 << 20); const h = createHash('sha256'); let n;
      while ((n = readSync(fd, buf)) > 0) h.update(buf.subarray(0, n));
      closeSync(fd); h.digest(); continue;
    }
    const { createDecompressor } = await import(workerData.decompressModule);
    const stored = createHash('sha256'); const tar = createHash('sha256'); const gunzip = createDecompressor('gzip');
    gunzip.on('data', (c) => tar.update(c));
    const done = new Promise((resolve, reject) => { gunzip.on('end', resolve); gunzip.on('error', reject); });
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) { stored.update(chunk); if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r)); }
    gunzip.end(); await done; stored.digest(); tar.digest();
  }
  parentPort.postMessage('done');
})();
`;

async function timeVerification(paths: string[], gzip: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  // A few MB: starting a worker costs more than the hashing, so hash here.
  if (paths.reduce((n, p) => n + statSync(p).size, 0) < 16 * 1024 * 1024) {
    for (const path of paths) {
      const stored = readFileSync(path);
      createHash('sha256').update(stored).digest();
      if (gzip) createHash('sha256').update(gunzipSync(stored)).digest();
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  }
  const cores = Math.min(availableParallelism(), paths.length);
  const shares = Array.from({ length: cores }, (_, i) => paths.filter((_, j) => j % cores === i).map((path) => ({ path, gzip })));
  await Promise.all(shares.map((share) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(VERIFY_WORKER, { eval: true, workerData: { share, decompressModule: new URL('../src/archive/decompress.js', import.meta.url).href } });
    worker.once('message', () => resolve());
    worker.once('error', reject);
  })));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Case { name: string; archive: string; layers: string[]; gzip: boolean; files?: number; pinDigest: boolean }

const cases: Case[] = [];
if (existsSync(peerSmall)) cases.push({ name: 'few-KB archive (ggcr-overwritten_file.tar)', archive: peerSmall, layers: [peerSmall], gzip: false, pinDigest: false });
else log(`bench: ${peerSmall} is missing: the few-KB case is left out`);
for (const spec of [MEDIUM, BIG, ...(million ? [MILLION] : []), ...(tenGib ? [TEN_GIB] : [])]) {
  if (only && !spec.name.startsWith(only)) continue;
  const image = await synthesize(cacheDir, log, spec);
  const size = (path: string) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;
  cases.push({ name: `${spec.name}: docker save, plain layers, ${size(image.dockerArchive)}, ${image.files.toLocaleString('en')} files`, archive: image.dockerArchive, layers: image.plainLayers, gzip: false, files: image.files, pinDigest: true });
  if (spec.plainOnly) continue;
  cases.push({ name: `${spec.name}: docker save, gzip layers, ${size(image.dockerGzipArchive)}, ${image.files.toLocaleString('en')} files`, archive: image.dockerGzipArchive, layers: image.gzipLayers, gzip: true, files: image.files, pinDigest: true });
}
if (!million) log('bench: the 1,000,000-file image is opt-in (--million or TSIMAGE_BENCH_MILLION=1): dive takes minutes on it');
if (!tenGib) log('bench: the 10 GiB image is opt-in (--ten-gib or TSIMAGE_BENCH_TEN_GIB=1): 20 GB of disk');
if (!haveDive) log(`bench: no dive at ${divePath} (set $DIVE): dive's columns stay empty`);

const recorded: Record<string, string> = existsSync(digestsFile) ? JSON.parse(readFileSync(digestsFile, 'utf8')) : {};
const mismatches: string[] = [];
const rows = [];
for (const c of cases) {
  log(`bench: ${c.name}`);
  // Warm the page cache so every reader reads the same cached bytes.
  await measure('cat', [c.archive, ...c.layers], dirname(c.archive));
  // Relative to the archive's directory, so the JSON (which names its source) is the same on every machine.
  // --no-cache: the layer cache would answer the second and third runs from the first one's scans, so best of
  // N would time a cache hit, not a read (dive keeps no cache).
  const tsimage = await best(runs, async () => {
    const r = await measure(process.execPath, [tsimageBin, 'analyze', basename(c.archive), '--format', 'json', '--fail-on', 'none', '--no-cache'], dirname(c.archive), true);
    if (r.code !== 0) throw new Error(`tsimage analyze ${c.archive} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
    return r;
  });
  const jsonDigest = 'sha256:' + createHash('sha256').update(tsimage.stdout).digest('hex');
  const key = basename(c.archive);
  if (c.pinDigest) {
    if (writeDigests) recorded[key] = jsonDigest;
    else if (recorded[key] && recorded[key] !== jsonDigest) mismatches.push(`${key}: tsimage's JSON is ${jsonDigest}, recorded ${recorded[key]}`);
  }
  const dive = haveDive ? await best(runs, () => measure(divePath, ['--ci', '--source', 'docker-archive', c.archive], dirname(c.archive))) : undefined;
  if (dive && dive.code !== 0 && dive.code !== 1) throw new Error(`dive on ${c.archive} exited ${dive.code}: ${dive.stderr.trim().split('\n').slice(-2).join(' ')}`);
  const readDecompress = await best(runs, async () => ({ seconds: await timeReadDecompress(c.layers, c.gzip) }));
  const verify = await best(runs, async () => ({ seconds: await timeVerification(c.layers, c.gzip) }));
  const floor = Math.max(readDecompress.seconds, verify.seconds);
  rows.push({
    archive: c.name, tsimageSeconds: tsimage.seconds, tsimageCpuSeconds: tsimage.cpuSeconds, tsimageRssBytes: tsimage.maxRssBytes,
    diveSeconds: dive?.seconds, diveCpuSeconds: dive?.cpuSeconds, diveRssBytes: dive?.maxRssBytes, ratio: dive ? tsimage.seconds / dive.seconds : undefined,
    readDecompressSeconds: readDecompress.seconds, verifySeconds: verify.seconds, floorSeconds: floor,
    // Against a floor under 10 ms (the few-KB archive) a ratio says nothing: the table shows '–'.
    overFloor: floor >= 0.01 ? tsimage.seconds / floor : undefined,
    jsonDigest,
  });
}
if (writeDigests) writeFileSync(digestsFile, JSON.stringify(recorded, null, 2) + '\n');

// The reference for a busy machine: Node's own start-up, measured in the same run.
const nodeStart = await best(runs, () => measure(process.execPath, ['-e', '0'], repoRoot));

if (asJson) {
  process.stdout.write(JSON.stringify({ runs, cores: availableParallelism(), nodeStartSeconds: nodeStart.seconds, results: rows }, null, 2) + '\n');
} else {
  const s = (x?: number) => (x === undefined || Number.isNaN(x) ? '–' : `${x.toFixed(2)} s`);
  const mb = (b?: number) => (b === undefined || Number.isNaN(b) ? '–' : `${(b / 1024 / 1024).toFixed(0)} MB`);
  const lines = [
    `| archive | tsimage (CPU) | dive (CPU) | tsimage/dive | peak RSS tsimage / dive | floor (read+decompress, sha256 on ${availableParallelism()} cores) | tsimage/floor |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.archive} | ${s(r.tsimageSeconds)} (${s(r.tsimageCpuSeconds)}) | ${s(r.diveSeconds)} (${s(r.diveCpuSeconds)}) | ${r.ratio === undefined ? '–' : r.ratio.toFixed(2)} | ${mb(r.tsimageRssBytes)} / ${mb(r.diveRssBytes)} | ${s(r.floorSeconds)} (${r.readDecompressSeconds.toFixed(2)}, ${r.verifySeconds.toFixed(2)}) | ${r.overFloor === undefined ? '–' : r.overFloor.toFixed(2)} |`),
    '',
    `Best of ${runs}; \`node -e 0\` took ${s(nodeStart.seconds)} in the same run.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
if (mismatches.length > 0) {
  for (const m of mismatches) log(`bench: OUTPUT CHANGED: ${m}`);
  process.exitCode = 1;
}
