/**
 * Real images for rule tests, built by the Docker engine FROM the local busybox base. Nothing can be
 * downloaded here, so apt-get and npm are small shell stand-ins (fixtures/fake-*) that write what the real
 * tools write; the layers are made by a real build all the same.
 *
 * Each image is built once per Dockerfile content: the saved archive is kept under the OS temp dir, named
 * by a hash of everything that goes into the build (the base by its layer's diff id, not by this run's tag),
 * so the test files and runs that share an image share the build. One archive per image name is kept: a
 * build under a new hash removes that name's older archives. While it builds, the image is tagged with this
 * run's id, so runs at once never remove each other's image before it is saved.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeModel } from '../../src/analysis/report.js';
import { openImage } from '../../src/image/open.js';
import { instructionsOfImage } from '../../src/lint/instructions.js';
import type { ImageCheckContext } from '../../src/lint/rule.js';
import { BUSYBOX_BASE, busyboxBaseDiffId, busyboxBaseUnavailable } from '../busybox-base.js';
import { runTag } from '../helpers.js';

const fixtures = fileURLToPath(new URL('../../../test/rules/fixtures/', import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

export interface TestImage {
  name: string;
  builder: 'legacy' | 'buildkit';
  dockerfile: string;
  /** Context files: path → content (a number makes that many pseudo-random bytes). Mode 0644, or [content, mode]. */
  context: Record<string, string | number | [string | number, number]>;
  buildArgs?: Record<string, string>;
}

export const APT_BAD: TestImage = {
  name: 'apt-bad',
  builder: 'legacy',
  dockerfile: `FROM ${BUSYBOX_BASE}
COPY fake-apt-get /usr/bin/apt-get
RUN apt-get update
RUN apt-get install -y curl
RUN apt-get update && apt-get install -y gcc make openssh-server manpages
RUN apt-get upgrade -y
USER app
HEALTHCHECK CMD ["true"]
ENTRYPOINT ["/bin/sh"]
`,
  context: { 'fake-apt-get': [fixture('fake-apt-get'), 0o755] },
};

export const APT_GOOD: TestImage = {
  name: 'apt-good',
  builder: 'legacy',
  dockerfile: `FROM ${BUSYBOX_BASE}
COPY fake-apt-get /usr/bin/apt-get
RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean && rm -rf /var/lib/apt/lists/*
USER app
HEALTHCHECK CMD ["true"]
ENTRYPOINT ["/bin/sh"]
`,
  context: { 'fake-apt-get': [fixture('fake-apt-get'), 0o755] },
};

export const MISC_BAD: TestImage = {
  name: 'misc-bad',
  builder: 'legacy',
  dockerfile: `FROM ${BUSYBOX_BASE}
LABEL org.opencontainers.image.base.name=docker.io/library/busybox:latest
COPY fake-npm /usr/bin/npm
ARG NPM_TOKEN
ENV API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz
WORKDIR /app
COPY app/ /app/
RUN npm ci && test -n "$NPM_TOKEN"
RUN rm /app/id_rsa
RUN echo 'app:hunter2' | chpasswd || true
RUN chmod 4755 /app/server.js && mkdir -p /app/data && chmod 777 /app/data && echo built > /tmp/build.log
RUN echo "nothing to see"
ADD notes.txt /app/notes.txt
EXPOSE 22 8080
CMD node /app/server.js
`,
  context: {
    'fake-npm': [fixture('fake-npm'), 0o755],
    'notes.txt': 'notes\n',
    'app/package.json': '{"name":"demo","version":"1.0.0"}\n',
    'app/server.js': 'console.log("hi")\n',
    'app/.git/HEAD': 'ref: refs/heads/main\n',
    'app/.git/objects/ab/cdef0123': 30000,
    'app/__pycache__/util.cpython-311.pyc': 5000,
    'app/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----\n',
    'app/.env': 'DB_PASSWORD=hunter2\n',
    'app/vendor.tar.gz': 50000,
  },
  buildArgs: { NPM_TOKEN: 'npm_0123456789abcdefghij' },
};

async function cacheKey(image: TestImage): Promise<string> {
  const base = `busybox-base@${await busyboxBaseDiffId()}`;
  const stable = { ...image, dockerfile: image.dockerfile.split(BUSYBOX_BASE).join(base) };
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 16);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Deterministic filler so the cache key covers the bytes. */
function filler(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < size; i += block.length) {
    block.copy(out, i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/**
 * Builds (or reuses) the image and returns the path of its `docker save` archive. Throws when the base
 * cannot be made: callers check busyboxBaseUnavailable() (or engineImage) first and skip.
 */
export async function buildTestImage(image: TestImage): Promise<string> {
  const key = await cacheKey(image);
  const cacheDir = join(tmpdir(), 'tsimage-i4-rule-images');
  const archive = join(cacheDir, `${image.name}-${key}.docker.tar`);
  if (existsSync(archive)) return archive;
  const unavailable = await busyboxBaseUnavailable();
  if (unavailable) throw new Error(`cannot build ${image.name}: ${unavailable}`);
  mkdirSync(cacheDir, { recursive: true });
  const context = mkdtempSync(join(tmpdir(), 'tsimage-i4-ctx-'));
  const tag = runTag(`tsimage-i4-${image.name}`);
  try {
    writeFileSync(join(context, 'Dockerfile'), image.dockerfile);
    for (const [path, spec] of Object.entries(image.context)) {
      const [content, mode] = Array.isArray(spec) ? spec : [spec, 0o644];
      const file = join(context, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'number' ? filler(content, path) : content);
      chmodSync(file, mode);
    }
    const args = ['build', '-q', '-t', tag, ...Object.entries(image.buildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]), context];
    await run('/usr/bin/docker', args, { DOCKER_BUILDKIT: image.builder === 'buildkit' ? '1' : '0' });
    const partial = `${archive}.${process.pid}.part`;
    await run('/usr/bin/docker', ['save', '-o', partial, tag]);
    renameSync(partial, archive);
    for (const old of readdirSync(cacheDir)) {
      if (old !== `${image.name}-${key}.docker.tar` && new RegExp(`^${image.name}-[0-9a-f]{16}\\.docker\\.tar$`).test(old)) rmSync(join(cacheDir, old), { force: true });
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
    await run('/usr/bin/docker', ['rmi', '-f', tag]).catch(() => undefined);
  }
  return archive;
}

/** The context a rule sees for an archive: the same path `tsimage analyze` takes. */
export async function contextOf(archive: string): Promise<ImageCheckContext> {
  const analyzed = analyzeModel(await openImage(archive));
  return { ...analyzed, instructions: instructionsOfImage(analyzed.image) };
}

/** The rule context of a built test image, or the reason the engine tests must skip. */
export async function engineImage(image: TestImage): Promise<{ ctx?: ImageCheckContext; skip?: string }> {
  const reason = await busyboxBaseUnavailable();
  if (reason) return { skip: reason };
  return { ctx: await contextOf(await buildTestImage(image)) };
}
