import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/helpers.js. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const samplesDir = `${repoRoot}samples`;
export const sample = (name: string) => `${samplesDir}/${name}`;
/** Archives other tools wrote (../shared/fixtures/peers beside the checkout, or TSIMAGE_PEER_FIXTURES): read, never copied. */
export const peerFixturesDir = process.env.TSIMAGE_PEER_FIXTURES || fileURLToPath(new URL('../../../shared/fixtures/peers', import.meta.url));
export const havePeerFixtures = existsSync(peerFixturesDir);
/** What `bin` runs: the bundle scripts/bundle.mjs builds from src/cli (tsc's dist/src/cli/bin.js works the same, slower). */
export const cliPath = `${repoRoot}dist/bundle/cli/bin.js`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let cacheHome: string | undefined;

/**
 * Runs the built CLI as a user would, with colour off unless the test sets it. Its layer cache is on, as by
 * default, but under a directory of this test process (XDG_CACHE_HOME), not the user's ~/.cache.
 */
export function runCli(args: string[], options: { input?: Buffer | string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  cacheHome ??= tempDir('tsimage-test-cache-');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', CI: '1', XDG_CACHE_HOME: cacheHome, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** A stack trace on stderr is a bug: users get one line. */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(stderr) || stderr.includes('node:internal');
}

/**
 * Why engine tests must skip here, or undefined when a Docker engine answers. Tests that need the engine call
 * this once and pass the reason to `t.skip` / `{ skip }`, so a run without an engine says why it skipped.
 */
export async function dockerEngineUnavailable(): Promise<string | undefined> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('/usr/bin/docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 15000 }, (error, stdout) => {
      if (error) resolve(`no Docker engine: ${(error.message.split('\n')[0] || 'docker info failed').slice(0, 160)}`);
      else if (!stdout.trim()) resolve('no Docker engine: docker info printed no version');
      else resolve(undefined);
    });
  });
}

/**
 * Unique to this test process (each test file runs in its own): what a test creates in a shared engine is
 * named with it, so two runs at once on one engine (two CI jobs on one host) never build, save or remove
 * each other's images.
 */
export const RUN_ID = `${process.pid}-${randomBytes(4).toString('hex')}`;

/** An image tag of this run: `name:RUN_ID`. */
export const runTag = (name: string) => `${name}:${RUN_ID}`;

const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new directory under the OS temp dir, removed when this test process exits, whatever the tests did
 * (passed, failed or threw), so no run leaves files behind.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}
