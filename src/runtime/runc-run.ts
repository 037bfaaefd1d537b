import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { constants } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import type { ChangeSet } from './change-set.js';
import { exportFromRootfs } from './export-changes.js';
import { openImageForRuntime } from './opened-image.js';
import { compareSnapshots, snapshotRootfs } from './rootfs-snapshot.js';
import { mountOverlay, unmountOverlay, upperChanges } from './overlay-changes.js';
import { buildRuntimeSpec, processArgs, resolveUser, RUNTIME_MOUNT_ROOTS } from './runc-spec.js';
import type { RunOptions, RunOutcome } from './run-options.js';
import { runOutcome } from './run-findings.js';
import { unpackRootfs } from './unpack-rootfs.js';

/** runc, else crun (same CLI); undefined when neither is installed. */
export function findOciRuntime(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/usr/bin', '/sbin', '/usr/local/sbin', '/usr/local/bin']);
  for (const name of ['runc', 'crun']) {
    for (const dir of dirs) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** A small file of the rootfs, read without following a symlink at the last component (it may point anywhere on the host). */
async function readRootfsFile(rootfs: string, rel: string): Promise<string> {
  try {
    const handle = await open(join(rootfs, rel), constants.O_RDONLY | constants.O_NOFOLLOW);
    try { return (await handle.readFile()).toString('utf8'); } finally { await handle.close(); }
  } catch {
    return '';
  }
}

function runtimeCommand(binary: string, stateDir: string, args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(binary, ['--root', stateDir, ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr ?? '' };
}

/**
 * The daemonless engine: unpacks the image into an OCI bundle (rootfs + config.json) in a temp dir, snapshots
 * the rootfs, runs the command with runc (or crun), snapshots again and compares. The bundle and the
 * runtime state are removed afterwards, also on timeout, abort or error.
 */
export async function runWithRunc(options: RunOptions & { runtime?: string; changeDetection?: 'overlay' | 'snapshot' }): Promise<ChangeSet & RunOutcome> {
  const binary = options.runtime ?? findOciRuntime();
  if (!binary) throw new UsageError('--engine runc needs runc or crun on PATH (Debian: apt-get install runc)');
  const started = Date.now();
  const opened = await openImageForRuntime(options.archive, { image: options.image, platform: options.platform, limits: options.limits, insecure: options.insecure });
  const work = await mkdtemp(join(tmpdir(), 'tsimage-runc-'));
  const bundle = join(work, 'bundle');
  // The image is unpacked into `lower`; the container sees `merged` (an overlay over it) or `lower` itself.
  const lower = join(work, 'lower');
  const merged = join(bundle, 'rootfs');
  const upper = join(work, 'upper');
  const stateDir = join(work, 'state');
  const id = `tsimage-${randomBytes(6).toString('hex')}`;
  let created = false;
  let mounted = false;
  try {
    await mkdir(lower, { recursive: true, mode: 0o755 });
    await mkdir(merged, { recursive: true, mode: 0o755 });
    await mkdir(stateDir, { mode: 0o700 });
    options.log(`unpacking ${opened.image.name} into ${lower}`);
    const unpacked = await unpackRootfs(opened, lower);
    const notes = [...opened.image.notes];
    if (unpacked.skipped.length) notes.push(`not unpacked (devices/fifos): ${unpacked.skipped.slice(0, 5).join(', ')}${unpacked.skipped.length > 5 ? ', …' : ''}`);
    // Mount points exist before the first snapshot, so the runtime creating them is not a change.
    for (const dir of RUNTIME_MOUNT_ROOTS) await mkdir(join(lower, dir), { recursive: true });

    const config = opened.image.config;
    const args = processArgs(config, options.command, options.entrypoint);
    if (args.length === 0) throw new UsageError('nothing to run: the image has no Entrypoint or Cmd; give a command after --');
    let user;
    try {
      user = resolveUser(options.user ?? config.User, await readRootfsFile(lower, 'etc/passwd'), await readRootfsFile(lower, 'etc/group'));
    } catch (error) {
      throw new InputError((error as Error).message, opened.image.source);
    }
    const env = config.Env.length ? config.Env : ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
    const rootless = process.getuid?.() !== 0;
    // Rootless, the user namespace maps only the caller to container root (no newuidmap/subuid ranges):
    // another uid cannot exist inside, and runc fails with "cannot set uid to unmapped user".
    if (rootless && (user.uid !== 0 || user.gid !== 0)) {
      throw new UsageError(`rootless runc maps only your own uid, as root inside the container; the image runs as ${options.user ?? config.User} (${user.uid}:${user.gid}). Pass --user 0 to run it as root inside, or run tsimage as root`);
    }
    const skip = new Set(RUNTIME_MOUNT_ROOTS);
    let before: Awaited<ReturnType<typeof snapshotRootfs>> | undefined;
    if (options.changeDetection !== 'snapshot') {
      await mkdir(upper, { mode: 0o755 });
      await mkdir(join(work, 'overlay-work'), { mode: 0o700 });
      const mount = mountOverlay(lower, upper, join(work, 'overlay-work'), merged);
      mounted = mount.ok;
      if (!mount.ok) {
        if (options.changeDetection === 'overlay') throw new UsageError(`cannot mount an overlay for the run: ${mount.reason}`);
        notes.push(`changes found by comparing the rootfs before and after the run (no overlay mount: ${mount.reason})`);
      }
    }
    if (!mounted) before = await snapshotRootfs(lower, skip);
    const rootfs = mounted ? merged : lower;
    const spec = buildRuntimeSpec({ args, env, cwd: config.WorkingDir || '/', uid: user.uid, gid: user.gid }, { rootless, network: options.network, rootPath: rootfs });
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec, null, 2));
    options.signal?.throwIfAborted();

    let timedOut = false;
    let stderrTail = '';
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(binary, ['--root', stateDir, 'run', '--bundle', bundle, id], { stdio: ['ignore', 'pipe', 'pipe'] });
      created = true;
      child.stdout.on('data', (chunk: Buffer) => options.onOutput('stdout', chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
        options.onOutput('stderr', chunk);
      });
      const kill = () => { runtimeCommand(binary, stateDir, ['kill', id, 'KILL']); child.kill('SIGKILL'); };
      const timer = setTimeout(() => { timedOut = true; kill(); }, options.timeoutMs);
      const onAbort = () => kill();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => { clearTimeout(timer); reject(error); });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(timedOut ? null : code ?? (signal ? 128 : null));
      });
    });
    options.signal?.throwIfAborted();
    // runc itself failing (namespaces refused, bad config) is not the command's exit code: say what runc said.
    if (!timedOut && exitCode !== 0 && /^(time=|ERRO|runc run failed|Error:|error)/m.test(stderrTail) && /container|namespace|rootfs|cgroup|mount|permission/i.test(stderrTail)) {
      notes.push(`the runtime reported: ${stderrTail.trim().split('\n').slice(-2).join(' | ')}`);
    }

    const changes = before ? compareSnapshots(before, await snapshotRootfs(lower, skip)) : await upperChanges(lower, upper, merged, skip);
    const exportResult = options.exportDir ? await exportFromRootfs(changes, rootfs, options.exportDir) : undefined;
    return runOutcome(opened.image, {
      engine: { name: 'runc', version: runtimeVersion(binary), endpoint: binary },
      loaded: false, command: options.command, exitCode, timedOut, startedAt: started, changes, notes, exportResult,
    });
  } finally {
    if (created) runtimeCommand(binary, stateDir, ['delete', '--force', id]);
    if (mounted && !unmountOverlay(merged)) options.log(`warning: could not unmount ${merged}`);
    await opened.close();
    await rm(work, { recursive: true, force: true }).catch((error) => options.log(`warning: could not remove ${work}: ${(error as Error).message}`));
  }
}

function runtimeVersion(binary: string): string | undefined {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /version\s+(\S+)/.exec(out)?.[1];
}
