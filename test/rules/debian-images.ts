/**
 * Real Debian images for the rule tests: a real `debootstrap --variant=minbase bookworm` (the base the
 * base-identification tests build, DEBIAN_BASE) and the same root filesystem made the way the official
 * `debian` image is (debuerreotype: apt lists and debootstrap's downloaded .deb files removed, and the `docker-clean` apt configuration that deletes
 * downloaded .deb files and the pkgcache.bin/srcpkgcache.bin caches after every install). On top of them
 * apt-get really installs packages from deb.debian.org inside `docker build`. When debootstrap, root, the
 * engine or the Debian mirror is missing, the tests skip and say which.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEBIAN_BASE, ensureDebianBase, imageExists } from '../analysis/base/engine-images.js';
import type { ImageCheckContext } from '../../src/lint/rule.js';
import { dockerEngineUnavailable } from '../helpers.js';
import { buildTestImage, contextOf, type TestImage } from './images.js';

const run = promisify(execFile);
const DOCKER = '/usr/bin/docker';
export { DEBIAN_BASE };

/**
 * DEBIAN_BASE made as the official image is. Kept in the engine; remove with `docker rmi` of it. The tag
 * names the recipe's version: the built test images are cached by their Dockerfile text, which names it.
 */
export const DEBIAN_OFFICIAL_LIKE = 'tsimage-i14-debian:official-like-2';

/** debuerreotype's /etc/apt/apt.conf.d/docker-clean, as the official debian images ship it. */
const DOCKER_CLEAN = `DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
`;

let bases: Promise<string | undefined> | undefined;

/** Both Debian bases, or the reason they cannot be had here. */
export function ensureDebianBases(): Promise<string | undefined> {
  bases ??= (async () => {
    const engine = await dockerEngineUnavailable();
    if (engine) return engine;
    const debian = await ensureDebianBase();
    if (debian) return debian;
    if (await imageExists(DEBIAN_OFFICIAL_LIKE)) return undefined;
    const dir = await mkdtemp(join(tmpdir(), 'tsimage-i14-debian-'));
    const container = `tsimage-i14-debian-export-${process.pid}`;
    try {
      await run(DOCKER, ['create', '--name', container, DEBIAN_BASE, 'true']);
      await run('sh', ['-c', `${DOCKER} export ${container} | tar -C '${dir}' -x`], { maxBuffer: 16 * 1024 * 1024 });
      await run('sh', ['-c', `rm -rf '${dir}'/var/lib/apt/lists/* '${dir}'/var/cache/apt/*.bin '${dir}'/var/cache/apt/archives/*.deb '${dir}'/.dockerenv`]);
      await writeFile(join(dir, 'etc/apt/apt.conf.d/docker-clean'), DOCKER_CLEAN);
      await run('sh', ['-c', `tar -C '${dir}' -c . | ${DOCKER} import - ${DEBIAN_OFFICIAL_LIKE}`], { maxBuffer: 16 * 1024 * 1024 });
      return undefined;
    } catch (error) {
      return `could not make ${DEBIAN_OFFICIAL_LIKE}: ${(error as Error).message.split('\n')[0].slice(0, 200)}`;
    } finally {
      await run(DOCKER, ['rm', '-f', container]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return bases;
}

/** Docker's best-practices install: one RUN that updates, installs without recommends and removes the lists. */
const BEST_PRACTICE_RUN = 'RUN apt-get update && apt-get install -y --no-install-recommends curl netbase && rm -rf /var/lib/apt/lists/* && useradd -r -u 10001 app';

/** Built exactly as Docker's best-practices guide says, on the official-like base: no warning may fire. */
export const DEBIAN_BEST_PRACTICE: TestImage = {
  name: 'debian-best-practice',
  builder: 'buildkit',
  dockerfile: `FROM ${DEBIAN_OFFICIAL_LIKE}
${BEST_PRACTICE_RUN}
USER app
HEALTHCHECK CMD ["curl", "-fsS", "http://localhost:8080/"]
ENTRYPOINT ["curl"]
`,
  context: {},
};

/** The same RUN on the bare debootstrap base, which keeps its apt lists and has no docker-clean: apt's caches stay. */
export const DEBIAN_DEBOOTSTRAP_INSTALL: TestImage = {
  name: 'debian-debootstrap-install',
  builder: 'buildkit',
  dockerfile: `FROM ${DEBIAN_BASE}
${BEST_PRACTICE_RUN}
USER app
HEALTHCHECK CMD ["curl", "-fsS", "http://localhost:8080/"]
ENTRYPOINT ["curl"]
`,
  context: {},
};

/** And with `apt-get clean`, the fix package-cache-left suggests. */
export const DEBIAN_DEBOOTSTRAP_CLEAN: TestImage = {
  ...DEBIAN_DEBOOTSTRAP_INSTALL,
  name: 'debian-debootstrap-clean',
  dockerfile: DEBIAN_DEBOOTSTRAP_INSTALL.dockerfile.replace(' && rm -rf /var/lib/apt/lists/*', ' && apt-get clean && rm -rf /var/lib/apt/lists/*'),
};

/** The whole context copied before an apt install that does not read it. */
export const DEBIAN_COPY_FIRST: TestImage = {
  name: 'debian-copy-first',
  builder: 'buildkit',
  dockerfile: `FROM ${DEBIAN_OFFICIAL_LIKE}
WORKDIR /app
COPY . /app
${BEST_PRACTICE_RUN}
USER app
ENTRYPOINT ["/app/run.sh"]
`,
  context: { 'run.sh': ['#!/bin/sh\nexec curl --version\n', 0o755], 'README.md': '# demo\n' },
};

/** The same, in the cache-friendly order. */
export const DEBIAN_INSTALL_FIRST: TestImage = {
  ...DEBIAN_COPY_FIRST,
  name: 'debian-install-first',
  dockerfile: `FROM ${DEBIAN_OFFICIAL_LIKE}
${BEST_PRACTICE_RUN}
WORKDIR /app
COPY . /app
USER app
ENTRYPOINT ["/app/run.sh"]
`,
};

/** The archive and rule context of a Debian test image, or why it cannot be built here. */
export async function debianImage(image: TestImage): Promise<{ archive?: string; ctx?: ImageCheckContext; skip?: string }> {
  const reason = await ensureDebianBases();
  if (reason) return { skip: reason };
  let archive: string;
  try {
    archive = await buildTestImage(image);
  } catch (error) {
    const message = (error as Error).message;
    // apt-get inside the build needs deb.debian.org; without it there is nothing real to test.
    if (/Temporary failure resolving|Could not resolve|Unable to locate package|Failed to fetch/.test(message)) return { skip: `apt-get cannot reach the Debian mirror inside docker build: ${message.split('\n').find((l) => /resolv|locate|fetch/i.test(l))?.trim().slice(0, 160)}` };
    throw error;
  }
  return { archive, ctx: await contextOf(archive) };
}
