import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sample } from '../helpers.js';
import { EngineClient } from '../../src/archive/engine/engine-client.js';
import { parseEngineHost } from '../../src/archive/engine/engine-endpoint.js';
import { listContainers, listImages } from '../../src/runtime/engine-api.js';
import { runInEngine, RUN_LABEL } from '../../src/runtime/engine-run.js';
import { collectingOptions, comparable, scenarioChanges } from './scenario.js';

/**
 * Against Podman's Docker-compatible API: a private `podman system service` on a socket of its own,
 * started here and stopped after. The good sample is not in Podman's store, so it is loaded and must be
 * removed again.
 */
function podmanUnavailable(): string | undefined {
  const probe = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'podman is not installed (Debian: apt-get install podman)';
  return undefined;
}

let skip = podmanUnavailable();
let service: ChildProcess | undefined;
let dir: string | undefined;
let host = '';

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'tsimage-i7-podman-'));
  const socket = join(dir, 'podman.sock');
  host = `unix://${socket}`;
  let stderr = '';
  service = spawn('podman', ['system', 'service', '--time=0', host], { stdio: ['ignore', 'ignore', 'pipe'] });
  service.stderr!.on('data', (d) => { stderr = (stderr + d).slice(-500); });
  for (let i = 0; i < 100 && !existsSync(socket) && service.exitCode === null; i++) await sleep(100);
  if (!existsSync(socket)) skip = `podman system service did not start: ${stderr.trim().split('\n').pop() ?? 'no socket'}`;
});

after(async () => {
  if (service && service.exitCode === null) {
    service.kill('SIGTERM');
    await new Promise((resolve) => service!.once('exit', resolve));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('podman: a command that adds, changes and deletes files gives exactly those changes, nothing left behind', async (t) => {
  if (skip) { t.skip(skip); console.log(`# skipping Podman run test: ${skip}`); return; }
  const endpoint = parseEngineHost(host);
  const client = await EngineClient.connect(endpoint);
  assert.equal(client.info.flavour, 'podman', 'the service identifies as Podman');
  const imagesBefore = (await listImages(client)).map((i) => i.Id);

  const options = collectingOptions(sample('good.docker.tar'));
  const set = await runInEngine(endpoint, 'podman', options);
  assert.equal(set.engine.name, 'podman');
  assert.equal(set.exitCode, 0, options.stderr());
  assert.equal(set.image.loaded, !imagesBefore.some((id) => set.image.id?.endsWith(id.replace(/^sha256:/, ''))));
  // Podman puts mount points for /etc/hosts, /etc/hostname and /etc/resolv.conf into the container
  // (so /etc changes anyway) and hides them from /changes; the files the command touched are exact.
  assert.deepEqual(comparable(set), scenarioChanges(122, 40));
  assert.equal(options.stdout(), 'tsimage good sample running as 0:0 in /app\nto-stdout\n');
  assert.equal(options.stderr(), 'to-stderr\n');

  assert.deepEqual(await listContainers(client, RUN_LABEL), []);
  assert.deepEqual((await listImages(client)).map((i) => i.Id).sort(), imagesBefore.sort(), 'the image it loaded was removed');
});

test('podman: a timeout kills the container and cleans up', async (t) => {
  if (skip) { t.skip(skip); return; }
  const endpoint = parseEngineHost(host);
  const client = await EngineClient.connect(endpoint);
  const imagesBefore = (await listImages(client)).map((i) => i.Id);
  const started = Date.now();
  const set = await runInEngine(endpoint, 'podman', collectingOptions(sample('good.docker.tar'), { command: ['sleep', '30'], timeoutMs: 1500 }));
  assert.ok(Date.now() - started < 25_000);
  assert.equal(set.timedOut, true);
  assert.deepEqual(await listContainers(client, RUN_LABEL), []);
  assert.deepEqual((await listImages(client)).map((i) => i.Id).sort(), imagesBefore.sort());
});
