import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { sample, tempDir } from '../helpers.js';
import { findOciRuntime, runWithRunc } from '../../src/runtime/runc-run.js';
import { collectingOptions, comparable, scenarioChanges, SCENARIO_COMMAND } from './scenario.js';

/** The daemonless engine, on committed samples (no Docker needed). */
const runtime = findOciRuntime();
const skip = !runtime
  ? 'no runc or crun on PATH (Debian: apt-get install runc)'
  : process.getuid?.() !== 0 && !process.env.XDG_RUNTIME_DIR
    ? 'runc as non-root needs XDG_RUNTIME_DIR for its rootless state'
    : undefined;
if (skip) console.log(`# skipping runc run tests: ${skip}`);

// A temp dir of this run's own (1777, as /tmp is, for the rootless test's user): "no bundle is left" is judged
// there, where no other run on this machine puts its bundles.
process.env.TMPDIR = tempDir('tsimage-i7-runc-tmp-');
chmodSync(process.env.TMPDIR, 0o1777);

/** layer 10 of waste puts an opaque marker and one file x into /data, over a.bin, b.bin, c.bin and sub/. */
const DATA_AFTER_OPAQUE = ['x'];

async function bundlesLeft(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('tsimage-runc-'));
}

test('runc: a command that adds, changes and deletes files gives exactly those changes, with sizes', { skip }, async () => {
  const leftBefore = await bundlesLeft();
  const options = collectingOptions(sample('good.docker.tar'));
  const set = await runWithRunc(options);
  assert.equal(set.engine.name, 'runc');
  assert.equal(set.exitCode, 0, options.stderr());
  assert.deepEqual(comparable(set), scenarioChanges(122, 40));
  assert.deepEqual(set.totals, { added: 1, changed: 1, deleted: 1, addedBytes: 5, changedBytes: 8, deletedBytes: 40 });
  // good's ENTRYPOINT (/app/run.sh) says who it runs as, then execs the command.
  assert.equal(options.stdout(), 'tsimage good sample running as 0:0 in /app\nto-stdout\n');
  assert.equal(options.stderr(), 'to-stderr\n');
  assert.deepEqual(await bundlesLeft(), leftBefore, 'the bundle was removed');
});

test('runc: the image\'s own user, workdir and entrypoint are used', { skip }, async () => {
  const options = collectingOptions(sample('good.docker.tar'), { user: undefined, command: ['id'] });
  const set = await runWithRunc(options);
  assert.equal(set.exitCode, 0);
  assert.equal(options.stdout(), 'tsimage good sample running as 10001:10001 in /app\nuid=10001(app) gid=10001(app)\n');
  const cleared = collectingOptions(sample('good.docker.tar'), { user: undefined, command: ['pwd'], entrypoint: '' });
  await runWithRunc(cleared);
  assert.equal(cleared.stdout(), '/app\n', '--entrypoint "" clears the ENTRYPOINT');
});

test('runc: layers are applied with their whiteouts and opaque directories (waste sample, zstd OCI layout)', { skip }, async () => {
  const options = collectingOptions(sample('waste.oci-zstd'), { command: ['sh', '-c', 'ls -A /srv/app; echo --; ls -A /data; echo --; wc -c < /srv/app/config.dat'] });
  const set = await runWithRunc(options);
  assert.equal(set.exitCode, 0, options.stderr());
  assert.deepEqual(set.changes, [], 'a run that writes nothing changes nothing (mount points were made before the snapshot)');
  const [app, data, configSize] = options.stdout().split('--\n');
  assert.deepEqual(app.split('\n').filter(Boolean).sort(), ['config.dat', 'copied.bin', 'dup-a.bin'], '.wh.big.bin deleted big.bin');
  assert.deepEqual(data.split('\n').filter(Boolean), DATA_AFTER_OPAQUE, 'the opaque marker hid the lower /data');
  assert.equal(configSize.trim(), '20000', 'the later layer\'s config.dat won');
});

test('runc: a timeout kills the container and removes bundle and runtime state', { skip }, async () => {
  const leftBefore = await bundlesLeft();
  const options = collectingOptions(sample('good.docker.tar'), { command: ['sh', '-c', 'echo started; echo x > /tmp/before-kill; sleep 30'], timeoutMs: 1000 });
  const started = Date.now();
  const set = await runWithRunc(options);
  assert.ok(Date.now() - started < 15_000);
  assert.equal(set.timedOut, true);
  assert.equal(set.exitCode, null);
  assert.ok(set.changes.some((c) => c.path === 'tmp/before-kill' && c.kind === 'added'));
  assert.deepEqual(await bundlesLeft(), leftBefore);
  const list = spawnSync(runtime!, ['list', '-q'], { encoding: 'utf8' }).stdout ?? '';
  assert.ok(!/tsimage-/.test(list), 'no tsimage container in the default runc state either');
});

test('runc: abort (Ctrl-C) kills the container and cleans up', { skip }, async () => {
  const leftBefore = await bundlesLeft();
  const controller = new AbortController();
  const options = collectingOptions(sample('good.docker.tar'), {
    command: ['sh', '-c', 'echo started; sleep 30'],
    signal: controller.signal,
    onOutput: (_kind, payload) => { if (payload.toString().includes('started')) controller.abort(new Error('interrupted by SIGINT')); },
  });
  await assert.rejects(runWithRunc(options), /interrupted by SIGINT/);
  assert.deepEqual(await bundlesLeft(), leftBefore);
});

test('runc CLI: the run\'s findings feed the rule engine and any reporter (--report sarif)', { skip }, async () => {
  const { runCli } = await import('../helpers.js');
  const { code, stdout, stderr } = await runCli(['run', sample('good.docker.tar'), '--engine', 'runc', '--report', 'sarif', '--', 'sh', '-c', 'head -c 3000 /dev/zero > /tmp/scratch']);
  assert.equal(code, 0, stderr);
  const sarif = JSON.parse(stdout);
  const results = sarif.runs[0].results;
  assert.equal(results.length, 1);
  assert.equal(results[0].ruleId, 'run-leaves-temp-files');
  assert.match(results[0].message.text, /left 1 file \(3\.00 kB\) in \/tmp/);
  assert.match(stderr, /^A \/tmp\/scratch {2}3\.00 kB$/m, 'the change report went to stderr');
  assert.match(stderr, /^warning run-leaves-temp-files: /m);
  const gated = await runCli(['run', sample('good.docker.tar'), '--engine', 'runc', '--fail-on', 'warning', '--', 'sh', '-c', 'head -c 3000 /dev/zero > /tmp/scratch']);
  assert.equal(gated.code, 1, '--fail-on warning turns the finding into a failed gate');
});

test('runc: the overlay upper dir and the before/after comparison give the same changes', { skip }, async () => {
  const overlay = collectingOptions(sample('good.docker.tar'));
  const viaOverlay = await runWithRunc(process.getuid?.() === 0 ? { ...overlay, changeDetection: 'overlay' } : overlay);
  const snapshot = collectingOptions(sample('good.docker.tar'));
  const viaSnapshot = await runWithRunc({ ...snapshot, changeDetection: 'snapshot' });
  assert.deepEqual(comparable(viaSnapshot), scenarioChanges(122, 40));
  assert.deepEqual(comparable(viaOverlay), comparable(viaSnapshot));
});

test('runc (overlay): a deleted directory is one line, as docker diff shows it', { skip: skip ?? (process.getuid?.() !== 0 ? 'overlay mounts need root' : undefined) }, async () => {
  const leftBefore = await bundlesLeft();
  const options = collectingOptions(sample('good.docker.tar'), { command: ['rm', '-rf', '/home/app'] });
  const set = await runWithRunc({ ...options, changeDetection: 'overlay' });
  assert.deepEqual(comparable(set), [
    { path: 'home', kind: 'changed', type: 'directory' },
    { path: 'home/app', kind: 'deleted', type: 'directory' },
  ]);
  assert.deepEqual(await bundlesLeft(), leftBefore, 'nothing left mounted or on disk');
});

test('runc rootless (as an unprivileged user): the same exact changes with --user 0; the image\'s user is refused clearly', { skip: skip ?? (process.getuid?.() !== 0 ? 'already not root: the other tests run rootless' : undefined) }, async (t) => {
  const { execFile } = await import('node:child_process');
  const { mkdtemp, chmod, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { cliPath } = await import('../helpers.js');
  const probe = spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', 'unshare -Ur true']);
  if (probe.status !== 0) { t.skip('cannot become nobody with a user namespace here (su or unprivileged user namespaces missing)'); return; }
  const home = await mkdtemp(join(tmpdir(), 'tsimage-i7-rootless-'));
  await chmod(home, 0o777);
  const asNobody = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const quoted = [process.execPath, cliPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    execFile('su', ['nobody', '-s', '/bin/sh', '-c', `cd ${home} && HOME=${home} XDG_RUNTIME_DIR=${home} NO_COLOR=1 ${quoted}`], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
  try {
    const ok = await asNobody(['run', sample('good.docker.tar'), '--engine', 'runc', '--user', '0', '--format', 'json', '--', ...SCENARIO_COMMAND]);
    assert.equal(ok.code, 0, ok.stderr);
    const set = JSON.parse(ok.stdout);
    assert.deepEqual(comparable(set), scenarioChanges(122, 40));
    assert.ok(set.notes.some((n: string) => /comparing the rootfs before and after/.test(n)), 'no overlay mount without root: the snapshot comparison was used');
    const refused = await asNobody(['run', sample('good.docker.tar'), '--engine', 'runc', '--', 'id']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /rootless runc maps only your own uid.*the image runs as app \(10001:10001\)\. Pass --user 0/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
