import type { FileTree } from '../../image/filesystem.js';
import type { Image } from '../../image/model.js';
import { findBaseBoundary } from './boundary.js';
import { commandCandidates, startCommands } from '../../image/captured-files.js';
import { identifyDistro } from './distro.js';
import { inspectExecutable } from './elf.js';
import { eolStatuses, guessBase } from './guess.js';
import { knowledgeBase, type KnowledgeBase } from './knowledge.js';
import { parseApkInstalled, parseDpkgStatus, sumInstalledBytes } from './packages.js';
import { readFileAtLayer, readImageFile } from './read-file.js';
import { detectRuntimes } from './runtimes.js';
import { suggestAlternatives } from './suggest.js';
import type { BaseReport, BinaryInfo, InstalledPackage, Libc, PackageInventory } from './types.js';

export interface IdentifyOptions {
  kb?: KnowledgeBase;
  /** The day end-of-life is judged against (tests pin it). */
  today?: Date;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** glibc's dynamic loader and libc, in the places Debian, Ubuntu, Fedora and Wolfi put them. */
const GLIBC_FILES = [
  'lib/x86_64-linux-gnu/libc.so.6', 'usr/lib/x86_64-linux-gnu/libc.so.6', 'lib/aarch64-linux-gnu/libc.so.6',
  'usr/lib/aarch64-linux-gnu/libc.so.6', 'lib64/ld-linux-x86-64.so.2', 'lib/ld-linux-aarch64.so.1', 'usr/lib64/libc.so.6', 'usr/lib/libc.so.6',
];
const MUSL_FILES = ['lib/ld-musl-x86_64.so.1', 'lib/ld-musl-aarch64.so.1', 'lib/ld-musl-armhf.so.1', 'usr/lib/libc.musl-x86_64.so.1'];
const RPM_DBS = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite', 'var/lib/rpm/Packages'];

/** The package database of a filesystem state, read through `read` (the final image, or the base layers alone). */
function readPackages(read: (path: string) => Buffer | undefined, statusD: string[]): { manager: PackageInventory['manager']; source?: string; packages?: InstalledPackage[] } {
  const dpkg = read('var/lib/dpkg/status');
  if (dpkg) return { manager: 'dpkg', source: '/var/lib/dpkg/status', packages: parseDpkgStatus(dpkg.toString('utf8')) };
  if (statusD.length) {
    const packages = statusD.flatMap((p) => parseDpkgStatus(read(p)?.toString('utf8') ?? ''));
    return { manager: 'dpkg', source: '/var/lib/dpkg/status.d/', packages };
  }
  for (const path of ['lib/apk/db/installed', 'usr/lib/apk/db/installed']) {
    const apk = read(path);
    if (apk) return { manager: 'apk', source: `/${path}`, packages: parseApkInstalled(apk.toString('utf8')) };
  }
  return { manager: 'none' };
}

function packageInventory(image: Image, tree: FileTree, baseLayers: number): PackageInventory {
  const statusD = [...(tree.get('var/lib/dpkg/status.d')?.children?.keys() ?? [])]
    .filter((n) => !n.endsWith('.md5sums')).map((n) => `var/lib/dpkg/status.d/${n}`);
  const final = readPackages((p) => readImageFile(image, tree, p)?.content, statusD);
  if (final.manager === 'none') {
    const rpm = RPM_DBS.find((p) => tree.resolve(p));
    if (rpm) return { manager: 'rpm', source: `/${rpm}`, packages: [], note: 'the rpm database (Berkeley DB or SQLite) is not parsed: package names, versions and sizes are not known' };
    return { manager: 'none', count: 0, packages: [] };
  }
  const packages = final.packages ?? [];
  const base = baseLayers > 0 ? readPackages((p) => readFileAtLayer(image, p, baseLayers), statusD) : { manager: 'none' as const };
  const inBase = new Set((base.packages ?? []).map((p) => p.name));
  return {
    manager: final.manager,
    source: final.source,
    count: packages.length,
    installedBytes: sumInstalledBytes(packages),
    packages,
    addedOnTop: packages.filter((p) => !inBase.has(p.name)).map((p) => p.name),
  };
}

/** What each ENTRYPOINT/CMD program is: found in PATH, symlinks followed, its ELF header or `#!` read. */
function entrypointBinaries(image: Image, tree: FileTree): BinaryInfo[] {
  return startCommands(image.config).map((command) => {
    const base = command.slice(command.lastIndexOf('/') + 1);
    for (const candidate of commandCandidates(command, image.config)) {
      const resolved = tree.resolve(candidate);
      if (!resolved?.node.entry) continue;
      const real = resolved.path.slice(resolved.path.lastIndexOf('/') + 1);
      const isShell = SHELLS.has(base) || SHELLS.has(real) || undefined;
      const file = readImageFile(image, tree, candidate);
      if (!file) return { command, path: resolved.path, kind: 'unknown' as const, isShell };
      const head = inspectExecutable(file.content);
      return { command, path: resolved.path, kind: head.kind, interpreter: head.interpreter, libc: head.libc, isShell };
    }
    return { command, kind: 'missing' as const };
  });
}

function detectLibc(tree: FileTree, entrypoint: BinaryInfo[], shellHead?: () => Buffer | undefined): { libc: Libc; evidence?: string } {
  const glibc = GLIBC_FILES.find((p) => tree.resolve(p));
  const musl = MUSL_FILES.find((p) => tree.resolve(p));
  // The programs that run decide; the libraries lying around matter only when they do not tell.
  const linked = entrypoint.find((b) => b.libc === 'glibc' || b.libc === 'musl');
  if (linked?.libc === 'glibc') return { libc: 'glibc', evidence: glibc ?? linked.interpreter?.replace(/^\//, '') };
  if (linked?.libc === 'musl') return { libc: 'musl', evidence: musl ?? linked.interpreter?.replace(/^\//, '') };
  if (glibc) return { libc: 'glibc', evidence: glibc };
  if (musl) return { libc: 'musl', evidence: musl };
  // Only static programs and no libc at all (busybox, a static Go server): nothing to keep. Without an
  // entrypoint, the shell tells (busybox is captured whole).
  const shell = shellHead?.();
  const static_ = entrypoint.some((b) => b.kind === 'elf-static') || (shell !== undefined && inspectExecutable(shell).kind === 'elf-static');
  return { libc: static_ ? 'none' : 'unknown' };
}

/**
 * What the image is built on and what smaller base would keep it working: the `base` field of the report.
 * Reads only the model: headers of every layer plus the few files the layer scan captured.
 */
export function identifyBase(image: Image, tree: FileTree, options: IdentifyOptions = {}): BaseReport {
  const kb = options.kb ?? knowledgeBase;
  const today = options.today ?? new Date();
  const text = (path: string) => readImageFile(image, tree, path)?.content.toString('utf8');
  const exists = (path: string) => tree.resolve(path) !== undefined;
  const binary = (path: string) => readImageFile(image, tree, path)?.content;
  const distro = identifyDistro(text, exists, binary);

  const boundary = findBaseBoundary(image);
  const baseLayers = boundary.layers;
  const baseBytes = image.layers.slice(0, baseLayers).reduce((sum, l) => sum + l.bytes, 0);
  const packages = packageInventory(image, tree, baseLayers);
  const runtimes = detectRuntimes({ tree, env: image.config.Env, readText: text, packages: packages.packages });
  const baseRuntimes = runtimes.filter((r) => (tree.resolve(r.path)?.node.layerIndex ?? Infinity) < baseLayers);
  const entrypoint = entrypointBinaries(image, tree);
  const main = entrypoint[0];
  const { libc, evidence: glibcEvidence } = detectLibc(tree, entrypoint, () => binary('bin/sh'));
  const labels = {
    baseName: image.config.Labels['org.opencontainers.image.base.name'] || undefined,
    baseDigest: image.config.Labels['org.opencontainers.image.base.digest'] || undefined,
  };

  const { family, guess } = guessBase(kb, {
    distro, libc, baseRuntimes, packages: packages.packages,
    distrolessPackages: packages.source === '/var/lib/dpkg/status.d/',
    labels, baseBytes, boundaryKnown: boundary.historyIndex !== undefined && baseLayers < image.layers.length, hasShell: exists('bin/sh'),
  });
  // Measured base layers beat the knowledge base; when the whole image is one layer the base cannot be told apart.
  const currentBytes = baseLayers > 0 && baseLayers < image.layers.length ? baseBytes : guess.knownBytes ?? baseBytes;
  const suggestions = suggestAlternatives(kb, {
    family, osId: distro.id, osVersion: distro.version, libc, glibcEvidence: libc === 'glibc' ? glibcEvidence : undefined,
    runtimes, main, packageManager: packages.manager, addedOnTop: packages.addedOnTop ?? [], installedPackages: packages.count,
    currentBytes, currentRef: guess.image, today,
  });

  return {
    os: distro.id,
    osName: distro.prettyName ?? distro.name,
    version: distro.version,
    codename: distro.codename,
    family,
    libc,
    evidence: distro.evidence,
    packages,
    runtimes,
    entrypoint,
    labels,
    baseLayers,
    baseHistoryIndex: boundary.historyIndex,
    boundary: boundary.reason,
    baseBytes,
    guess,
    eol: eolStatuses(kb, family, distro, runtimes, today),
    currentBytes,
    alternatives: suggestions.alternatives,
    noAlternativeReason: suggestions.reason,
  };
}
