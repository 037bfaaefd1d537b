import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot, runCli, sample } from '../helpers.js';
import { busyboxBaseUnavailable } from '../busybox-base.js';
import { EngineClient } from '../../src/archive/engine/engine-client.js';
import { resolveEngineEndpoint } from '../../src/archive/engine/engine-endpoint.js';
import { listContainers, listImages } from '../../src/runtime/engine-api.js';
import { runInEngine, RUN_LABEL } from '../../src/runtime/engine-run.js';
import { buildFreshArchive, collectingOptions, comparable, scenarioChanges } from './scenario.js';

/**
 * Against the real Docker engine: every test runs an image that is NOT in the engine (built here and
 * saved, then removed), so the load and the removal of the loaded image are exercised each time, and
 * the engine's own list endpoints must show nothing left afterwards. "Nothing left" is judged by this
 * run's image, whose id is new (a nonce label): other runs on the same engine have containers of their own.
 */
const skip = await busyboxBaseUnavailable();
if (skip) console.log(`# skipping Docker engine run tests: ${skip}`);

let fresh: { archive: string; dir: string; imageId: string } | undefined;
let client: EngineClient;

before(async () => {
  if (skip) return;
  client = await EngineClient.connect(resolveEngineEndpoint('docker'));
  fresh = await buildFreshArchive('tsimage-i7-run-fresh');
});
after(async () => {
  if (fresh) await rm(fresh.dir, { recursive: true, force: true });
});

async function assertNothingLeft(imageId: string): Promise<void> {
  const containers = (await listContainers(client, RUN_LABEL)).filter((c) => c.ImageID === imageId || c.Image === imageId);
  assert.deepEqual(containers.map((c) => c.Id), [], 'no container labelled tsimage.run of this image is left');
  const images = await listImages(client);
  assert.ok(!images.some((i) => i.Id === imageId), `the loaded image ${imageId} was removed`);
}

test('a command that adds, changes and deletes files gives exactly those changes, with sizes', { skip }, async () => {
  const options = collectingOptions(fresh!.archive);
  const set = await runInEngine(resolveEngineEndpoint('docker'), 'docker', options);
  assert.equal(set.exitCode, 0);
  assert.equal(set.timedOut, false);
  assert.equal(set.image.loaded, true, 'the image was not in the engine, so it was loaded');
  assert.equal(set.engine.name, 'docker');
  assert.match(set.engine.apiVersion ?? '', /^1\.\d+$/);
  // passwd is 122 bytes and group 40 in the base image (samples/README.md).
  assert.deepEqual(comparable(set), scenarioChanges(122, 40));
  assert.deepEqual(set.totals, { added: 1, changed: 1, deleted: 1, addedBytes: 5, changedBytes: 8, deletedBytes: 40 });
  assert.equal(options.stdout(), 'to-stdout\n', 'stdout is demultiplexed from stderr');
  assert.equal(options.stderr(), 'to-stderr\n');
  await assertNothingLeft(fresh!.imageId);
});

test('OCI archives load too: gzip layers as stored, zstd layers decompressed for Docker 20.10', { skip }, async (t) => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  if (await run('skopeo', ['--version']).then(() => false, () => true)) { t.skip('skopeo is not installed (it converts the test image to OCI)'); return; }
  const oci = join(fresh!.dir, 'image.oci.tar');
  const zstd = join(fresh!.dir, 'image.zstd');
  await run('skopeo', ['copy', '-q', `docker-archive:${fresh!.archive}`, `oci-archive:${oci}:t`]);
  await run('skopeo', ['copy', '-q', '--dest-compress', '--dest-compress-format', 'zstd', `docker-archive:${fresh!.archive}`, `oci:${zstd}:t`]);
  for (const archive of [oci, zstd]) {
    const options = collectingOptions(archive, { command: ['cat', '/etc/marker'] });
    const set = await runInEngine(resolveEngineEndpoint('docker'), 'docker', options);
    assert.equal(set.exitCode, 0, `${archive}: ${options.stderr()}`);
    assert.equal(set.image.loaded, true);
    assert.equal(options.stdout(), 'marker\n');
    await assertNothingLeft(fresh!.imageId);
  }
});

test('an image already in the engine is used and left there', { skip }, async () => {
  // This run's image, put in the engine as a user would (docker load keeps its tag): no other run uses it.
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  await run('/usr/bin/docker', ['load', '-q', '-i', fresh!.archive]);
  try {
    const options = collectingOptions(fresh!.archive, { command: ['true'] });
    const set = await runInEngine(resolveEngineEndpoint('docker'), 'docker', options);
    assert.equal(set.exitCode, 0);
    assert.equal(set.image.id, fresh!.imageId);
    assert.equal(set.image.loaded, false);
    assert.ok((await listImages(client)).some((i) => i.Id === fresh!.imageId), 'the image the user had is still there');
    assert.deepEqual(set.changes, []);
    assert.deepEqual((await listContainers(client, RUN_LABEL)).filter((c) => c.ImageID === fresh!.imageId), []);
  } finally {
    await run('/usr/bin/docker', ['rmi', fresh!.imageId]).catch(() => undefined);
  }
  await assertNothingLeft(fresh!.imageId);
});

test('a timeout kills the container, reports it and cleans up', { skip }, async () => {
  const options = collectingOptions(fresh!.archive, { command: ['sh', '-c', 'echo started; echo x > /tmp/before-kill; sleep 30'], timeoutMs: 1500 });
  const started = Date.now();
  const set = await runInEngine(resolveEngineEndpoint('docker'), 'docker', options);
  assert.ok(Date.now() - started < 20_000, 'killed long before the 30 s sleep ended');
  assert.equal(set.timedOut, true);
  assert.equal(set.exitCode, null);
  assert.equal(options.stdout(), 'started\n');
  assert.ok(set.changes.some((c) => c.path === 'tmp/before-kill' && c.kind === 'added'), 'what it wrote before the kill is reported');
  await assertNothingLeft(fresh!.imageId);
});

test('a failing command is reported with its exit code, and still cleaned up', { skip }, async () => {
  const set = await runInEngine(resolveEngineEndpoint('docker'), 'docker', collectingOptions(fresh!.archive, { command: ['sh', '-c', 'exit 7'] }));
  assert.equal(set.exitCode, 7);
  await assertNothingLeft(fresh!.imageId);
});

test('a command the image cannot start is an input error, and the loaded image is removed', { skip }, async () => {
  await assert.rejects(runInEngine(resolveEngineEndpoint('docker'), 'docker', collectingOptions(fresh!.archive, { command: ['/no/such/binary'] })), /no such file|not found|executable file/i);
  await assertNothingLeft(fresh!.imageId);
});

test('no network unless --network', { skip }, async () => {
  const options = collectingOptions(fresh!.archive, { command: ['sh', '-c', 'ls /sys/class/net'] });
  await runInEngine(resolveEngineEndpoint('docker'), 'docker', options);
  assert.deepEqual(options.stdout().split(/\s+/).filter(Boolean), ['lo']);
  const networked = collectingOptions(fresh!.archive, { command: ['sh', '-c', 'ls /sys/class/net'], network: true });
  await runInEngine(resolveEngineEndpoint('docker'), 'docker', networked);
  assert.ok(networked.stdout().split(/\s+/).includes('eth0'), networked.stdout());
  await assertNothingLeft(fresh!.imageId);
});

test('CLI: --export copies the added and changed files out, the report goes to stdout and the output to stderr', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i7-export-'));
  try {
    const { code, stdout, stderr } = await runCli(['run', fresh!.archive, '--user', '0', '--export', dir, '--format', 'json', '--', 'sh', '-c', 'echo changed >> /etc/passwd; rm /etc/group; mkdir /tmp/made; printf 12345 > /tmp/made/five; echo to-stdout']);
    assert.equal(code, 0, stderr);
    const set = JSON.parse(stdout);
    assert.equal(set.schema, 'tsimage.run-changes/v1');
    assert.match(stderr, /^to-stdout$/m);
    assert.equal(await readFile(join(dir, 'tmp/made/five'), 'utf8'), '12345');
    assert.match(await readFile(join(dir, 'etc/passwd'), 'utf8'), /changed\n$/);
    assert.deepEqual((await readdir(dir)).sort(), ['etc', 'tmp']);
    assert.deepEqual(await readdir(join(dir, 'etc')), ['passwd'], 'a deleted file is not exported');
    await assertNothingLeft(fresh!.imageId);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('CLI: Ctrl-C stops the container, removes it and the loaded image, exit 130', { skip }, async () => {
  const child = spawn(process.execPath, [cliPath, 'run', fresh!.archive, '--', 'sh', '-c', 'echo running; sleep 60'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const running = new Promise<void>((resolve) => child.stderr.on('data', (d) => { stderr += d; if (stderr.includes('running')) resolve(); }));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await Promise.race([running, exited]);
  child.kill('SIGINT');
  const started = Date.now();
  const code = await exited;
  assert.equal(code, 130, stderr);
  assert.ok(Date.now() - started < 15_000);
  assert.match(stderr, /SIGINT: stopping the container/);
  await assertNothingLeft(fresh!.imageId);
});

test('abort while the image is being loaded: the load finishes, then the image is removed; nothing is left', { skip }, async () => {
  for (const delay of [0, 50, 300]) {
    const controller = new AbortController();
    // The command outlives every delay, so the abort always lands before the run could finish on its own
    // (a fast engine once ran the whole scenario in under 300 ms and the abort came too late).
    const options = collectingOptions(fresh!.archive, {
      command: ['sleep', '30'],
      signal: controller.signal,
      log: (message) => { if (message.startsWith('loading')) setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), delay); },
    });
    await assert.rejects(runInEngine(resolveEngineEndpoint('docker'), 'docker', options), /interrupted by SIGINT|aborted/i);
    await assertNothingLeft(fresh!.imageId);
  }
});

test('CLI: an engine that cannot be reached is one line on stderr, exit 2', async () => {
  const { code, stderr } = await runCli(['run', sample('good.docker.tar'), '--host', 'unix:///nonexistent/docker.sock', '--', 'true']);
  assert.equal(code, 2);
  assert.match(stderr, /cannot reach the engine at unix:\/\/\/nonexistent\/docker\.sock \(ENOENT\)/);
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
});
