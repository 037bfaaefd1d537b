import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUSYBOX_BASE } from '../busybox-base.js';
import { runTag } from '../helpers.js';
import type { ChangeSet, FileChange } from '../../src/runtime/change-set.js';
import type { RunOptions } from '../../src/runtime/run-options.js';

const exec = promisify(execFile);

/**
 * One command every engine runs: it changes /etc/passwd (+8 bytes), deletes /etc/group, makes a
 * directory and a 5-byte file under /tmp, and writes to both output streams. As root, because the
 * good sample's user may not touch /etc.
 */
export const SCENARIO_COMMAND = ['sh', '-c', 'echo changed >> /etc/passwd; rm /etc/group; mkdir /tmp/made; printf 12345 > /tmp/made/five; echo to-stdout; echo to-stderr >&2'];

/** The change set the scenario must give on an image whose /etc/passwd and /etc/group have these sizes. */
export function scenarioChanges(passwdSize: number, groupSize: number): FileChange[] {
  return [
    { path: 'etc', kind: 'changed', type: 'directory' },
    { path: 'etc/group', kind: 'deleted', type: 'file', sizeBefore: groupSize, modeBefore: 0o644 },
    { path: 'etc/passwd', kind: 'changed', type: 'file', size: passwdSize + 'changed\n'.length, sizeBefore: passwdSize, mode: 0o644, modeBefore: 0o644 },
    { path: 'tmp', kind: 'changed', type: 'directory' },
    { path: 'tmp/made', kind: 'added', type: 'directory' },
    { path: 'tmp/made/five', kind: 'added', type: 'file', size: 5, mode: 0o644 },
  ];
}

/** The changes without what a directory's size and mode mean on one engine or another (0, 4096, absent). */
export function comparable(set: ChangeSet): FileChange[] {
  return set.changes.map((c) => {
    const { size, sizeBefore, ...all } = c;
    const { mode: _mode, modeBefore: _modeBefore, ...rest } = all;
    return c.type === 'directory' ? rest : { ...all, ...(size !== undefined ? { size } : {}), ...(sizeBefore !== undefined ? { sizeBefore } : {}) };
  });
}

export function collectingOptions(archive: string, overrides: Partial<RunOptions> = {}): RunOptions & { stdout: () => string; stderr: () => string; logs: string[] } {
  let out = '';
  let err = '';
  const logs: string[] = [];
  return {
    archive,
    command: SCENARIO_COMMAND,
    user: '0',
    timeoutMs: 60_000,
    network: false,
    onOutput: (kind, payload) => { if (kind === 'stdout') out += payload.toString(); else err += payload.toString(); },
    log: (message) => logs.push(message),
    ...overrides,
    stdout: () => out,
    stderr: () => err,
    logs,
  };
}

/**
 * Builds a small image that is in no engine yet: FROM this run's base (see busybox-base.ts; the caller
 * waits for busyboxBaseUnavailable() first), with a nonce label so its id is new, saved to a temp archive
 * and removed from the engine again. Tagged `name:RUN_ID`. The caller removes `dir`.
 */
export async function buildFreshArchive(name: string): Promise<{ archive: string; dir: string; imageId: string }> {
  const tag = runTag(name);
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i7-'));
  const nonce = randomBytes(8).toString('hex');
  await writeFile(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_BASE}\nLABEL tsimage.test.nonce=${nonce}\nRUN echo marker > /etc/marker\n`);
  const env = { ...process.env, DOCKER_BUILDKIT: '0' };
  try {
    await exec('/usr/bin/docker', ['build', '-q', '-t', tag, dir], { env });
    const { stdout } = await exec('/usr/bin/docker', ['image', 'inspect', '--format', '{{.Id}}', tag]);
    await exec('/usr/bin/docker', ['save', '-o', join(dir, 'image.tar'), tag]);
    await exec('/usr/bin/docker', ['rmi', tag]);
    return { archive: join(dir, 'image.tar'), dir, imageId: stdout.trim() };
  } catch (error) {
    await exec('/usr/bin/docker', ['rmi', '-f', tag]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
