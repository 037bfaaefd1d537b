/**
 * `tsimage run` says what a command did (issue 14): a chmod is a mode change, `rm -rf dir` deletes the
 * directory's files with their bytes, symlinks show their targets, and a failing command is said to fail
 * (exit 1 with --fail-on-exit). On a real image built by the engine, through Docker and through runc.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { buildTestImage, type TestImage } from '../rules/images.js';
import { findOciRuntime } from '../../src/runtime/runc-run.js';
import type { ChangeSet } from '../../src/runtime/change-set.js';

const RUN_IMAGE: TestImage = {
  name: 'run-details',
  builder: 'legacy',
  context: {},
  dockerfile: `FROM ${BUSYBOX_BASE}
RUN mkdir -p /app/dir/sub && printf '%034d' 0 > /app/run.sh && chmod 644 /app/run.sh && printf 1234567890 > /app/dir/a && printf 12345 > /app/dir/sub/b && ln -s /app/run.sh /app/old-link
`,
};
const COMMAND = ['sh', '-c', 'chmod 755 /app/run.sh; rm -rf /app/dir; ln -s /etc/passwd /app/new-link; ln -sf /etc/group /app/old-link; exit 3'];

const runc = findOciRuntime();
const runcSkip = !runc ? 'no runc or crun on PATH (Debian: apt-get install runc)' : process.getuid?.() !== 0 && !process.env.XDG_RUNTIME_DIR ? 'runc as non-root needs XDG_RUNTIME_DIR' : undefined;

for (const engine of ['docker', 'runc'] as const) {
  test(`run (${engine}): mode change, rm -rf counted with bytes, symlink targets, a failing command said and gated`, async (t) => {
    const noEngine = await busyboxBaseUnavailable();
    if (noEngine) return t.skip(noEngine);
    if (engine === 'runc' && runcSkip) return t.skip(runcSkip);
    const archive = await buildTestImage(RUN_IMAGE);

    const json = await runCli(['run', archive, '--engine', engine, '--user', '0', '--format', 'json', '--', ...COMMAND]);
    assert.equal(json.code, 0, 'without --fail-on-exit the command\'s failure is reported, not tsimage\'s exit code');
    assert.match(json.stderr, /tsimage: the command failed: exit code 3 \(tsimage still exits 0: --fail-on-exit makes a failed command exit 1\)/);
    const set: ChangeSet = JSON.parse(json.stdout);
    assert.equal(set.exitCode, 3);
    const byPath = new Map(set.changes.map((c) => [c.path, c]));
    assert.deepEqual({ ...byPath.get('app/run.sh') }, { path: 'app/run.sh', kind: 'changed', type: 'file', size: 34, sizeBefore: 34, mode: 0o755, modeBefore: 0o644 });
    const dir = byPath.get('app/dir')!;
    assert.equal(dir.kind, 'deleted');
    assert.deepEqual(dir.contents, { entries: 3, files: 2, bytes: 15 }, 'sub/, a (10 B) and sub/b (5 B)');
    assert.equal(byPath.get('app/new-link')?.linkTarget, '/etc/passwd');
    assert.deepEqual([byPath.get('app/old-link')?.linkTarget, byPath.get('app/old-link')?.linkTargetBefore], ['/etc/group', '/app/run.sh']);
    assert.deepEqual({ deleted: set.totals.deleted, deletedBytes: set.totals.deletedBytes }, { deleted: 2, deletedBytes: 15 });

    const text = await runCli(['run', archive, '--engine', engine, '--user', '0', '--', ...COMMAND]);
    for (const line of [
      /FAILED with exit code 3/,
      /^C \/app\/run\.sh {2}34 B, mode 0644 -> 0755$/m,
      /^D \/app\/dir\/ {2}-15 B \(2 files, 3 entries in all\)$/m,
      /^A \/app\/new-link {2}symlink -> \/etc\/passwd$/m,
      /^C \/app\/old-link {2}symlink -> \/etc\/group \(was -> \/app\/run\.sh\)$/m,
      /2 deleted \(15 B\)/,
    ]) assert.match(text.stdout, line);

    const gated = await runCli(['run', archive, '--engine', engine, '--fail-on-exit', '--', 'sh', '-c', 'exit 3']);
    assert.equal(gated.code, 1, gated.stderr);
    const passing = await runCli(['run', archive, '--engine', engine, '--fail-on-exit', '--', 'true']);
    assert.equal(passing.code, 0, passing.stderr);
    assert.doesNotMatch(passing.stderr, /command failed/);
  });
}
