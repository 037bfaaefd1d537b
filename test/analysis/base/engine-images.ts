/**
 * Real images for the base-identification tests, built here by the real engine (nothing can be pulled).
 * The Debian base is a real debootstrap; alpine, ubuntu and distroless are IMITATIONS: their os-release and
 * package databases are files written by these Dockerfiles in the format those distributions use, on top of
 * the busybox base (or scratch for distroless, which has no shell), because their real images cannot be
 * fetched here.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { busyboxBaseUnavailable } from '../../busybox-base.js';

const run = promisify(execFile);
const DOCKER = '/usr/bin/docker';

/** Kept in the engine between runs: a debootstrap takes about a minute. Remove with `docker rmi tsimage-i6-debian:bookworm`. */
export const DEBIAN_BASE = 'tsimage-i6-debian:bookworm';

async function docker(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const { stdout } = await run(DOCKER, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...options.env } });
  return stdout;
}

export async function imageExists(ref: string): Promise<boolean> {
  try {
    await docker(['image', 'inspect', ref, '--format', '{{.Id}}']);
    return true;
  } catch {
    return false;
  }
}

/** Why the engine tests cannot run, or undefined once this run's busybox base is in the engine. */
export function engineSkipReason(): Promise<string | undefined> {
  return busyboxBaseUnavailable();
}

let debianBuild: Promise<string | undefined> | undefined;

/**
 * `debootstrap --variant=minbase bookworm` imported as DEBIAN_BASE, once per run and cached in the engine.
 * Resolves to a skip reason when it cannot be built here.
 */
export function ensureDebianBase(): Promise<string | undefined> {
  debianBuild ??= (async () => {
    if (await imageExists(DEBIAN_BASE)) return undefined;
    try {
      await run('sh', ['-c', 'command -v debootstrap']);
    } catch {
      return 'debootstrap is not installed';
    }
    if (process.getuid?.() !== 0) return 'debootstrap needs root';
    const dir = await mkdtemp(join(tmpdir(), 'tsimage-i6-debootstrap-'));
    try {
      await run('debootstrap', ['--variant=minbase', 'bookworm', dir], { maxBuffer: 64 * 1024 * 1024 });
      await run('sh', ['-c', `tar -C '${dir}' -c . | ${DOCKER} import - ${DEBIAN_BASE}`], { maxBuffer: 64 * 1024 * 1024 });
      return undefined;
    } catch (error) {
      return `debootstrap of Debian bookworm failed: ${(error as Error).message.split('\n')[0].slice(0, 200)}`;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return debianBuild;
}

/** Builds `tag` from a Dockerfile and context files with BuildKit (which leaves no intermediate images behind), saves it to `out`. */
export async function buildAndSave(tag: string, dockerfile: string, files: Record<string, string | Buffer>, out: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i6-ctx-'));
  try {
    await writeFile(join(dir, 'Dockerfile'), dockerfile);
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    await docker(['build', '-q', '-t', tag, dir], { env: { DOCKER_BUILDKIT: '1' } });
    await docker(['save', '-o', out, tag]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function removeImages(tags: string[]): Promise<void> {
  if (tags.length) await docker(['rmi', '-f', ...tags]).catch(() => undefined);
}

/** Runs a command in an image, for an independent figure to compare with (dpkg-query's package count). */
export async function runIn(image: string, command: string): Promise<string> {
  return docker(['run', '--rm', '--network', 'none', image, 'sh', '-c', command]);
}
