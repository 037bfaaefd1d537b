/**
 * optimize on an image a real engine built with every trap other squashers trip on, checked by the engine
 * itself: the output is loaded, run, and its container exported next to one of the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { runCli, runTag, sample, tempDir } from '../helpers.js';
import { buildTestImage, type TestImage } from '../rules/images.js';

const DOCKER = '/usr/bin/docker';

/**
 * Each RUN is one trap: an opaque directory, a hard link whose target is overwritten (and one whose target is
 * removed), chmod and chown copies, a RUN that changes nothing (an empty_layer history entry here), a layer
 * whose only file is removed later (empty once optimized), a whiteout of a directory.
 */
export const OPTIMIZE_TRAPS: TestImage = {
  name: 'optimize-traps',
  builder: 'legacy',
  dockerfile: `FROM ${BUSYBOX_BASE}
RUN mkdir -p /d/sub /h /k /m /e /w/deep/er \\
 && head -c 3000 /dev/urandom > /d/a && head -c 2000 /dev/urandom > /d/sub/b \\
 && head -c 5000 /dev/urandom > /h/a && ln /h/a /h/b \\
 && head -c 3300 /dev/urandom > /k/f && ln /k/f /k/g \\
 && head -c 6000 /dev/urandom > /m/f && head -c 6100 /dev/urandom > /m/g \\
 && head -c 7000 /dev/urandom > /e/x \\
 && head -c 4000 /dev/urandom > /w/deep/er/f && ln -s er/f /w/deep/link
RUN rm -rf /d && mkdir /d && echo new > /d/x
RUN echo new > /h/a
RUN rm /k/f
RUN chmod 600 /m/f
RUN chown 1:1 /m/g
RUN true
RUN head -c 2500 /dev/urandom > /gone
RUN rm /e/x /gone
RUN rm -rf /w/deep
CMD ["sh"]
`,
  context: {},
};

function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DOCKER, args, { timeout: 120_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`docker ${args.join(' ')}: ${(stderr || error.message).trim()}`)) : resolve(stdout));
  });
}

/** `docker load` of an archive under this run's own tag (the archive's RepoTags name an earlier build's tag). */
async function loadAs(archive: string, tag: string): Promise<void> {
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    if (header.name !== 'manifest.json') {
      stream.pipe(pack.entry(header, next));
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c) => chunks.push(c as Buffer));
    stream.on('end', () => {
      const manifest = JSON.parse(Buffer.concat(chunks).toString()) as { RepoTags?: string[] }[];
      manifest[0].RepoTags = [tag];
      const data = Buffer.from(JSON.stringify(manifest));
      pack.entry({ ...header, size: data.length }, data, next);
    });
  });
  extract.on('finish', () => pack.finalize());
  const load = spawn(DOCKER, ['load', '-q'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  load.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => load.on('close', resolve));
  await Promise.all([pipeline(createReadStream(archive), extract), pipeline(pack, load.stdin)]);
  assert.equal(await exited, 0, `docker load: ${stderr}`);
}

interface Listed { path: string; type: string; mode: number; uid: number; gid: number; size: number; sha256: string; link: string }

/** `docker export` of a container of `image`, listed as the engine wrote it (times left out). */
async function exportListing(image: string): Promise<Listed[]> {
  const container = (await docker(['create', image])).trim();
  try {
    const listing: Listed[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const hash = createHash('sha256');
      stream.on('data', (c) => hash.update(c as Buffer));
      stream.on('end', () => {
        listing.push({ path: header.name, type: header.type ?? '', mode: header.mode ?? 0, uid: header.uid ?? 0, gid: header.gid ?? 0, size: header.size ?? 0, sha256: hash.digest('hex'), link: header.linkname ?? '' });
        next();
      });
    });
    const exporter = spawn(DOCKER, ['export', container], { stdio: ['ignore', 'pipe', 'inherit'] });
    await pipeline(exporter.stdout, extract);
    return listing.sort((a, b) => (a.path < b.path ? -1 : 1));
  } finally {
    await docker(['rm', '-f', container]).catch(() => undefined);
  }
}

test('optimize on an engine-built image with every trap: the engine loads and runs it, its export equals the input\'s', async (t) => {
  const unavailable = await busyboxBaseUnavailable();
  if (unavailable) return t.skip(unavailable);
  const archive = await buildTestImage(OPTIMIZE_TRAPS);
  const dir = tempDir('tsimage-optimize-engine-');
  const output = join(dir, 'out.tar');
  const inTag = runTag('tsimage-s2-optimize-in');
  const outTag = runTag('tsimage-s2-optimize-out');
  process.on('exit', () => { spawnSync(DOCKER, ['rmi', inTag, outTag], { stdio: 'ignore', timeout: 60_000 }); });

  const run = await runCli(['optimize', archive, '-o', output, '--tag', outTag, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  const before = JSON.parse((await runCli(['analyze', archive, '--format', 'json'])).stdout);
  const after = JSON.parse((await runCli(['analyze', output, '--format', 'json'])).stdout);

  assert.equal(result.filesystem.output.digest, result.filesystem.input.digest);
  // Opaque /d (3000 + 2000), chmod and chown copies (6000 + 6100), removed /e/x (7000) and /gone (2500), whiteout of /w/deep (4000).
  assert.equal(result.droppedBytes, 30600);
  assert.equal(result.droppedBytes, before.waste.reclaimableBytes, 'saved = analyze\'s exact reclaimable, to the byte');
  assert.equal(before.totalBytes - after.totalBytes, 30600);
  assert.equal(after.waste.reclaimableBytes, 0);
  // The versions hard links still hold are kept, and analyze does not count them.
  assert.deepEqual(result.pinned.map((p: { path: string }) => p.path).sort(), ['h/a', 'k/f']);
  assert.equal(after.layers.length, before.layers.length);
  // The layer that only wrote /gone is empty now, and stays, so history and diff_ids stay aligned.
  const goneLayer = before.history.findIndex((h: { createdBy: string }) => h.createdBy.includes('> /gone'));
  const layerOfGone = before.history[goneLayer].layerIndex;
  assert.equal(before.layers[layerOfGone].emptyLayer, false);
  assert.equal(after.layers[layerOfGone].emptyLayer, true);
  assert.deepEqual(after.history, before.history);

  await loadAs(archive, inTag);
  await docker(['load', '-q', '-i', output]);
  const ran = await docker(['run', '--rm', outTag, 'sh', '-c', 'wc -c < /h/b; wc -c < /k/g; cat /h/a /d/x; ls /d; ls /w | wc -l; stat -c "%a %u" /m/f /m/g']);
  assert.deepEqual(ran.trim().split('\n').map((l) => l.trim()), ['5000', '3300', 'new', 'new', 'x', '0', '600 0', '644 1']);
  const [inList, outList] = [await exportListing(inTag), await exportListing(outTag)];
  assert.ok(inList.length > 100);
  assert.deepEqual(outList, inList);
});

test('optimize waste.docker.tar (every waste cause): the engine loads and runs the output, its export equals the input\'s', async (t) => {
  const unavailable = await busyboxBaseUnavailable();
  if (unavailable) return t.skip(unavailable);
  const dir = tempDir('tsimage-optimize-engine-');
  const output = join(dir, 'out.tar');
  const inTag = runTag('tsimage-s2-waste-in');
  const outTag = runTag('tsimage-s2-waste-out');
  process.on('exit', () => { spawnSync(DOCKER, ['rmi', inTag, outTag], { stdio: 'ignore', timeout: 60_000 }); });
  const run = await runCli(['optimize', sample('waste.docker.tar'), '-o', output, '--tag', outTag, '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).droppedBytes, 462400);
  await loadAs(sample('waste.docker.tar'), inTag);
  await docker(['load', '-q', '-i', output]);
  assert.equal((await docker(['run', '--rm', outTag, 'sh', '-c', 'wc -c < /srv/app/config.dat; ls /data'])).trim().split('\n').map((l) => l.trim()).join(' '), '20000 x');
  assert.deepEqual(await exportListing(outTag), await exportListing(inTag));
});
