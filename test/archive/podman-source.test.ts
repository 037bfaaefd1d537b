import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasStackTrace, runCli, sample } from '../helpers.js';

const run = promisify(execFile);

/**
 * podman:// against a real Podman: its Docker-compatible API served by `podman system service` on a socket of
 * this test's own (CONTAINER_HOST), with the sample loaded by `podman load`. Skips, saying why, when podman
 * is not installed or its service does not come up (no storage driver that works here, say).
 */
const PODMAN = '/usr/bin/podman';
let skip: string | false = existsSync(PODMAN) ? false : `missing ${PODMAN} (apt-get install podman)`;
let dir = '';
let socket = '';
let service: ChildProcess | undefined;
let loaded = false;
const IMAGE = 'tsimage-sample/waste:1';

before(async () => {
  if (skip) { console.log(`# skipping podman:// tests: ${skip}`); return; }
  dir = await mkdtemp(join(tmpdir(), 'tsimage-podman-'));
  socket = join(dir, 'podman.sock');
  service = spawn(PODMAN, ['system', 'service', '--time=0', `unix://${socket}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  service.stderr!.on('data', (d) => (stderr += d));
  for (let i = 0; i < 200 && !existsSync(socket) && service.exitCode === null; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!existsSync(socket)) {
    skip = `podman's API socket did not come up (${stderr.trim().split('\n').pop() || 'no message'})`;
    console.log(`# skipping podman:// tests: ${skip}`);
    return;
  }
  try {
    await run(PODMAN, ['load', '-q', '-i', sample('waste.docker.tar')]);
    loaded = true;
  } catch (error) {
    skip = `podman load failed (${(error as Error).message.split('\n')[0]})`;
    console.log(`# skipping podman:// tests: ${skip}`);
  }
});

after(async () => {
  if (loaded) await run(PODMAN, ['rmi', '-f', `localhost/${IMAGE}`]).catch(() => {});
  service?.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('podman:// reads the image through the Docker-compatible socket: the model the saved archive gives', async (t) => {
  if (skip) { t.skip(skip); return; }
  const env = { CONTAINER_HOST: `unix://${socket}` };
  const fromPodman = await runCli(['analyze', `podman://${IMAGE}`, '--format', 'json', '--no-cache'], { env });
  const fromFile = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json', '--no-cache']);
  assert.equal(fromPodman.code, fromFile.code, fromPodman.stderr);
  const a = JSON.parse(fromPodman.stdout.split(`localhost/${IMAGE}`).join(IMAGE));
  const b = JSON.parse(fromFile.stdout);
  assert.equal(a.image.source, `podman://${IMAGE}`);
  delete a.image.source;
  delete b.image.source;
  assert.deepEqual(a, b);
});

test('podman:// of an image podman does not have: one line naming it, exit 2', async (t) => {
  if (skip) { t.skip(skip); return; }
  const result = await runCli(['analyze', 'podman://tsimage-sample/absent:9'], { env: { CONTAINER_HOST: `unix://${socket}` } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^tsimage: podman:\/\/tsimage-sample\/absent:9: /);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.ok(!hasStackTrace(result.stderr));
});
