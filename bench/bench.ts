/**
 * `npm run bench`: tsimage's time and peak RSS on a ≥ 1 GiB, ≥ 100,000-file image beside the floor, the time to
 * just read (plain tar: `cat`) or read and gunzip (Node's zlib) the same layers. Targets: within 1.3× of the floor,
 * peak RSS under 300 MB. A measurement, not a test: it prints figures and never fails on them.
 *
 * Options: --runs N (best of N, default 2), --cache DIR (where the synthesized image is kept), --json.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createDecompressor } from '../src/archive/decompress.js';
import { synthesize } from './synthesize.js';

const TARGET_RATIO = 1.3;
const TARGET_RSS_BYTES = 300 * 1024 * 1024;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const runs = Number(argValue('--runs') ?? 2);
const cacheDir = argValue('--cache') ?? join(tmpdir(), 'tsimage-bench');
const asJson = process.argv.includes('--json');
const log = (line: string) => process.stderr.write(line + '\n');

function timeProcess(command: string, args: string[]): Promise<{ seconds: number; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stderr, code }));
  });
}

const discard = () => new Writable({ write(_chunk, _encoding, done) { done(); } });

// The floor gunzips with the decompressor tsimage itself builds: zlib's default 16 KiB output chunks take
// nearly twice as long here, which would flatter the ratio.
async function timeGunzip(paths: string[], parallel: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  const one = (path: string) => pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), createDecompressor('gzip'), discard());
  if (parallel) await Promise.all(paths.map(one));
  else for (const path of paths) await one(path);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function best<T extends { seconds: number }>(n: number, fn: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  for (let i = 0; i < n; i++) {
    const r = await fn();
    if (!result || r.seconds < result.seconds) result = r;
  }
  return result!;
}

/**
 * The digest work the issue requires of any reader, on every core: sha256 of each stored blob and, for
 * gzip, gunzip plus sha256 of the tar. No reader that verifies can be faster than this.
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
  const cores = Math.min(availableParallelism(), paths.length);
  const shares = Array.from({ length: cores }, (_, i) => paths.filter((_, j) => j % cores === i).map((path) => ({ path, gzip })));
  await Promise.all(shares.map((share) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(VERIFY_WORKER, { eval: true, workerData: { share, decompressModule: new URL('../src/archive/decompress.js', import.meta.url).href } });
    worker.once('message', () => resolve());
    worker.once('error', reject);
  })));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const cli = fileURLToPath(new URL('./measured-cli.js', import.meta.url));

async function measureTsimage(archive: string) {
  return best(runs, async () => {
    const r = await timeProcess(process.execPath, [cli, 'analyze', archive, '--format', 'json']);
    if (r.code !== 0) throw new Error(`tsimage analyze ${archive} exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
    const line = r.stderr.split('\n').find((l) => l.startsWith('tsimage-bench '));
    return { seconds: r.seconds, maxRssBytes: line ? (JSON.parse(line.slice('tsimage-bench '.length)).maxRssBytes as number) : NaN };
  });
}

const image = await synthesize(cacheDir, log);
log(`bench: image: ${image.files} files, ${(image.uncompressedBytes / 1e9).toFixed(2)} GB uncompressed; best of ${runs} runs`);
// Warm the page cache so the floor and tsimage read the same cached bytes.
await timeProcess('cat', [image.dockerArchive, image.ociArchive]);

const plainFloor = await best(runs, () => timeProcess('cat', [image.dockerArchive]));
const plain = await measureTsimage(image.dockerArchive);
const gzipFloor = await best(runs, async () => ({ seconds: await timeGunzip(image.gzipLayers, false) }));
const gzipFloorParallel = await best(runs, async () => ({ seconds: await timeGunzip(image.gzipLayers, true) }));
const gzip = await measureTsimage(image.ociArchive);
const plainVerify = await best(runs, async () => ({ seconds: await timeVerification(image.plainLayers, false) }));
const gzipVerify = await best(runs, async () => ({ seconds: await timeVerification(image.gzipLayers, true) }));

const rows = [
  { case: 'docker-archive, plain layers', floor: 'cat', floorSeconds: plainFloor.seconds, verifySeconds: plainVerify.seconds, ...plain },
  { case: 'oci-archive, gzip layers', floor: 'zlib gunzip, one layer at a time', floorSeconds: gzipFloor.seconds, verifySeconds: gzipVerify.seconds, ...gzip },
].map((r) => ({ ...r, ratio: r.seconds / r.floorSeconds, ratioTargetMet: r.seconds / r.floorSeconds <= TARGET_RATIO, rssTargetMet: r.maxRssBytes < TARGET_RSS_BYTES }));

if (asJson) {
  process.stdout.write(JSON.stringify({ files: image.files, uncompressedBytes: image.uncompressedBytes, runs, gzipFloorParallelSeconds: gzipFloorParallel.seconds, results: rows }, null, 2) + '\n');
} else {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  for (const r of rows) {
    process.stdout.write(`${r.case}: tsimage ${r.seconds.toFixed(2)} s, floor (${r.floor}) ${r.floorSeconds.toFixed(2)} s, ratio ${r.ratio.toFixed(2)}x (target ≤ ${TARGET_RATIO}x: ${r.ratioTargetMet ? 'met' : 'NOT met'}), peak RSS ${mb(r.maxRssBytes)} (target < ${mb(TARGET_RSS_BYTES)}: ${r.rssTargetMet ? 'met' : 'NOT met'})\n`);
    process.stdout.write(`  digest verification alone on ${availableParallelism()} cores: ${r.verifySeconds.toFixed(2)} s (${(r.verifySeconds / r.floorSeconds).toFixed(2)}x the floor); tsimage is ${(r.seconds / r.verifySeconds).toFixed(2)}x that\n`);
  }
  process.stdout.write(`gzip floor with every layer decoded at once (zlib's thread pool): ${gzipFloorParallel.seconds.toFixed(2)} s\n`);
}
