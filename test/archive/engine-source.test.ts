import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import { dockerEngineUnavailable, hasStackTrace, runCli, sample } from '../helpers.js';
import { EngineClient } from '../../src/archive/engine/engine-client.js';
import { defaultSockets, resolveEngineEndpoint } from '../../src/archive/engine/engine-endpoint.js';
import { loadImageArchive } from '../../src/runtime/engine-api.js';
import { dockerSaveStream } from '../../src/runtime/docker-save-stream.js';
import { openImageForRuntime } from '../../src/runtime/opened-image.js';
import { StreamedStore } from '../../src/archive/stream-store.js';
import { defaultScanLimits } from '../../src/archive/layer-scan.js';
import { resolveImage } from '../../src/archive/formats/detect.js';
import { loadImage } from '../../src/image/load.js';
import { openImage } from '../../src/image/open.js';
import { baseCapturePredicate } from '../../src/image/captured-files.js';

const run = promisify(execFile);

/**
 * `docker://` and bare references against the real Docker engine: a committed sample is loaded under a tag
 * unique to this run, read back through `GET /images/{name}/get`, and must give the same model as the
 * archive `docker save` writes of the same image. Only the tag this test made is removed afterwards.
 */
const skip = await dockerEngineUnavailable();
if (skip) console.log(`# skipping docker:// source tests: ${skip}`);

const tag = `tsimage-i17-source-${randomBytes(4).toString('hex')}:1`;
let dir: string;
let savedArchive: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsimage-engine-source-'));
  if (skip) return;
  const client = await EngineClient.connect(resolveEngineEndpoint('docker'));
  // Loaded by id only (no RepoTags), then tagged: no tag another test or user relies on is moved.
  const opened = await openImageForRuntime(sample('waste.docker.tar'));
  try {
    const { open, imageId } = await dockerSaveStream(opened);
    const loaded = await loadImageArchive(client, open());
    const id = loaded.ids[0] ?? imageId;
    const [repo, version] = tag.split(':');
    await client.call('POST', `/images/${encodeURIComponent(id)}/tag`, { query: { repo, tag: version } });
  } finally {
    await opened.close();
  }
  savedArchive = join(dir, 'saved.tar');
  await run('/usr/bin/docker', ['save', tag, '-o', savedArchive]);
});

after(async () => {
  if (!skip) await run('/usr/bin/docker', ['rmi', tag]).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** The JSON report without the one field that names where the image was read from. */
function withoutSource(json: string): unknown {
  const report = JSON.parse(json) as { image: { source?: string } };
  delete report.image.source;
  return report;
}

test('docker://NAME:TAG gives the same JSON model as the archive docker save writes of that image', { skip }, async () => {
  const fromEngine = await runCli(['analyze', `docker://${tag}`, '--format', 'json']);
  const fromFile = await runCli(['analyze', savedArchive, '--format', 'json']);
  assert.equal(fromEngine.code, fromFile.code, fromEngine.stderr);
  assert.ok(fromFile.stdout.length > 1000, 'the saved archive gives a full report');
  assert.deepEqual(withoutSource(fromEngine.stdout), withoutSource(fromFile.stdout));
  assert.equal(JSON.parse(fromEngine.stdout).image.source, `docker://${tag}`);
});

test('a bare reference naming no file reads from the engine; diff of the engine image and its archive is empty', { skip }, async () => {
  const bare = await runCli(['analyze', tag, '--format', 'json']);
  assert.equal(bare.code === 0 || bare.code === 1, true, bare.stderr);
  assert.deepEqual(withoutSource(bare.stdout), withoutSource((await runCli(['analyze', savedArchive, '--format', 'json'])).stdout));
  const diff = await runCli(['diff', `docker://${tag}`, savedArchive, '--format', 'json', '--exit-code']);
  assert.equal(diff.code, 0, diff.stderr);
  const parsed = JSON.parse(diff.stdout) as { identical: boolean; files: unknown[] };
  assert.equal(parsed.identical, true);
  assert.deepEqual(parsed.files, [], 'no file differs');
});

test('an image the engine does not have: one line naming the reference and the cause, exit 2', { skip }, async () => {
  const missing = `tsimage-i17-absent-${randomBytes(4).toString('hex')}:1`;
  const scheme = await runCli(['analyze', `docker://${missing}`]);
  assert.equal(scheme.code, 2);
  assert.equal(scheme.stderr.trim().split('\n').length, 1, scheme.stderr);
  assert.match(scheme.stderr, new RegExp(`docker://${missing}: the docker engine at \\S+ has no image ${missing}`));
  assert.ok(!hasStackTrace(scheme.stderr));
  const bare = await runCli(['analyze', missing]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /no such file or directory, and the docker engine .* has no image .*docker save /);
});

test('no engine at DOCKER_HOST: a bare reference says the file does not exist, no engine answered, and how to make a file', async () => {
  const env = { DOCKER_HOST: `unix://${join(dir, 'no-such.sock')}` };
  const bare = await runCli(['analyze', 'nginx:1.27'], { env });
  assert.equal(bare.code, 2);
  assert.equal(bare.stderr.trim().split('\n').length, 1, bare.stderr);
  assert.match(bare.stderr, /^tsimage: nginx:1\.27: no such file or directory, and no docker engine answered \(cannot reach the engine at unix:\/\/\S+no-such\.sock \(ENOENT\)\); to read a file instead: docker save nginx:1\.27 -o image\.tar$/m);
  const scheme = await runCli(['analyze', 'docker://nginx:1.27'], { env });
  assert.equal(scheme.code, 2);
  assert.match(scheme.stderr, /^tsimage: docker:\/\/nginx:1\.27: cannot reach the engine at unix:\/\/\S+ \(ENOENT\)$/m);
  // A path that is not a reference is never sent to an engine.
  const path = await runCli(['analyze', join(dir, 'absent.tar')], { env });
  assert.match(path.stderr, /absent\.tar: no such file or directory$/m);
});

test('podman:// with no Podman socket: one line naming where it looked, exit 2', async (t) => {
  const env = { XDG_RUNTIME_DIR: dir, CONTAINER_HOST: '' };
  if (defaultSockets('podman', env).some((socket) => existsSync(socket))) return t.skip('a Podman socket exists here; this checks the message when there is none');
  const result = await runCli(['analyze', 'podman://busybox'], { env });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^tsimage: podman:\/\/busybox: no podman engine socket found; looked for .*podman\.sock/m);
});

test('the one-pass reader gives the model the file reader gives, and a stream cut short is one clear error', async () => {
  const file = sample('waste.docker.tar');
  const fromFile = await openImage(file);
  const capture = baseCapturePredicate(fromFile.rawConfig);
  const store = await StreamedStore.read(createReadStream(file), 'stream', { limits: defaultScanLimits, capture });
  const streamed = await loadImage(store, await resolveImage(store));
  assert.deepEqual({ ...streamed, source: '' }, { ...fromFile, source: '' });

  const whole = await import('node:fs/promises').then((fs) => fs.readFile(file));
  // Cut inside the last layer's data: the member is shorter than its header says.
  const cut = Readable.from([whole.subarray(0, Math.floor(whole.length * 0.6))]);
  await assert.rejects(StreamedStore.read(cut, 'docker://cut:1', { limits: defaultScanLimits }), (error: Error) => {
    assert.match(error.message, /^docker:\/\/cut:1: /);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
});
