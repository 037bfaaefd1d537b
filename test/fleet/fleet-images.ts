/**
 * A fleet of small real images for `tsimage batch`: three bases built FROM the busybox base (each adds a
 * layer of 1,500 small files; one also leaves a deleted file behind), and N app images FROM them, built with
 * the engine's classic builder and written with `docker save`, one archive each, plus a list file naming
 * them relative to its folder. Built once into a folder keyed by the recipe (the tests and
 * `npm run bench:fleet` share it); a half-built folder is never taken for a whole one.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX_BASE, busyboxBaseDiffId, busyboxBaseUnavailable } from '../busybox-base.js';
import { runTag } from '../helpers.js';

const DOCKER = '/usr/bin/docker';
const BASES = 3;
const FILES_PER_BASE = 1500;

export interface Fleet {
  dir: string;
  /** The list file: one `app-NN.docker.tar` a line, relative to `dir`. */
  list: string;
  archives: string[];
}

function baseDockerfile(base: string, b: number): string {
  const waste = b === 2 ? 'RUN head -c 300000 /dev/zero > /opt/scratch.bin\nRUN rm /opt/scratch.bin\n' : '';
  return `FROM ${base}
RUN mkdir -p /opt/base${b} && cd /opt/base${b} && i=0 && while [ $i -lt ${FILES_PER_BASE} ]; do echo "base ${b} file $i" > f$i; i=$((i+1)); done
${waste}LABEL org.opencontainers.image.title="fleet base ${b}"
`;
}

function appDockerfile(base: string, i: number): string {
  // Every fifth app writes a file and deletes it in a later layer: waste the fleet report must find.
  const waste = i % 5 === 0 ? `RUN head -c ${10_000 * (i + 1)} /dev/zero > /app/tmp.bin\nRUN rm /app/tmp.bin\n` : '';
  return `FROM ${base}
COPY app.txt /app/app.txt
${waste}CMD ["sh"]
`;
}

function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DOCKER, args, { timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, DOCKER_BUILDKIT: '0' } }, (error, stdout, stderr) =>
      error ? reject(new Error(`docker ${args[0]}: ${(stderr || error.message).trim().split('\n').pop()}`)) : resolve(stdout));
  });
}

async function build(tag: string, dockerfile: string, files: Record<string, string> = {}): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'tsimage-fleet-ctx-'));
  try {
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(context, name), text);
    await docker(['build', '-q', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Why the fleet cannot be built here (no engine), or undefined. */
export function fleetUnavailable(): Promise<string | undefined> {
  return busyboxBaseUnavailable();
}

/** Builds the fleet of `count` images (or reuses the one built before from the same recipe). */
export async function makeFleet(count: number, root = join(tmpdir(), 'tsimage-fleet')): Promise<Fleet> {
  const recipe = createHash('sha256')
    .update(JSON.stringify([await busyboxBaseDiffId(), count, [0, 1, 2].map((b) => baseDockerfile('BASE', b)), appDockerfile('BASE', 0), appDockerfile('BASE', 1)]))
    .digest('hex').slice(0, 16);
  const dir = join(root, recipe);
  const names = Array.from({ length: count }, (_, i) => `app-${String(i).padStart(2, '0')}.docker.tar`);
  const fleet = { dir, list: join(dir, 'fleet.list'), archives: names.map((name) => join(dir, name)) };
  if (existsSync(fleet.list)) return fleet;
  const unavailable = await busyboxBaseUnavailable();
  if (unavailable) throw new Error(`cannot build the fleet: ${unavailable}`);
  mkdirSync(root, { recursive: true });
  const partial = mkdtempSync(join(root, `${recipe}.part-`));
  const bases = Array.from({ length: BASES }, (_, b) => runTag(`tsimage-fleet-base${b}`));
  const apps = names.map((_, i) => runTag(`tsimage-fleet-app${i}`));
  try {
    for (const [b, tag] of bases.entries()) await build(tag, baseDockerfile(BUSYBOX_BASE, b));
    // Two builds at a time: the classic builder spends much of a build waiting on the engine.
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        await build(apps[i], appDockerfile(bases[i % BASES], i), { 'app.txt': `app ${i}\n` });
        await docker(['save', '-o', join(partial, names[i]), apps[i]]);
      }
    };
    await Promise.all([lane(), lane()]);
    writeFileSync(join(partial, 'fleet.list'), `# ${count} images on ${BASES} bases (test/fleet/fleet-images.ts)\n${names.join('\n')}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
    await docker(['rmi', '-f', ...apps, ...bases]).catch(() => undefined);
  }
  return fleet;
}
