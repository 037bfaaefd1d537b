import { catalogImages, familyById, familyOfRuntime, isEnded, releaseOf, sourceUrl, coerceVersion, type CatalogImage, type KnowledgeBase } from './knowledge.js';
import type { BaseAlternative, BinaryInfo, Libc, PackageManager, RuntimeInfo } from './types.js';
import semver from 'semver';

export interface SuggestInputs {
  family: string;
  osId: string;
  osVersion?: string;
  libc: Libc;
  /** A path that shows glibc is there (`usr/lib/x86_64-linux-gnu/libc.so.6`). */
  glibcEvidence?: string;
  runtimes: RuntimeInfo[];
  main?: BinaryInfo;
  packageManager: PackageManager;
  addedOnTop: string[];
  /** Packages the image has in all (base included): a base without them may lack what the app uses. Undefined: not known (rpm). */
  installedPackages?: number;
  /** What the current base weighs: the measured base layers, else the known size of the guess. */
  currentBytes: number;
  currentRef?: string;
  /** The day end-of-life is judged against: bases past it are not offered. */
  today?: Date;
}

export interface Suggestions {
  alternatives: BaseAlternative[];
  reason?: string;
}

/** A switch must save at least this much to be worth suggesting: 1 MB, and a tenth of the base. */
const MIN_SAVING_BYTES = 1_000_000;
const MIN_SAVING_SHARE = 0.1;
const MAX_ALTERNATIVES = 3;

const RUNTIME_NAMES: Record<string, string> = { node: 'Node.js', python: 'Python', java: 'Java', go: 'Go', ruby: 'Ruby', dotnet: '.NET', php: 'PHP' };
const PM_NAMES: Record<string, string> = { dpkg: 'apt/dpkg', apk: 'apk', rpm: 'rpm' };

function listed(names: string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

function needsShell(main: BinaryInfo | undefined): boolean {
  return !main || main.kind === 'script' || main.kind === 'missing' || main.kind === 'unknown' || main.isShell === true;
}

/**
 * Images of the same runtime major; when the knowledge base has none for it, the nearest newer major that is
 * still supported (a move should not land on another ended release).
 */
function runtimeImages(kb: KnowledgeBase, images: CatalogImage[], runtime: RuntimeInfo, today: Date | undefined): { images: CatalogImage[]; moved?: string } {
  const family = familyOfRuntime(kb, runtime.name);
  const wanted = (family && releaseOf(family, runtime.version ?? runtime.major)?.version) ?? runtime.major;
  const same = images.filter((i) => i.runtime === runtime.name && i.runtimeVersion === wanted);
  if (same.length || !wanted) return { images: same };
  const current = coerceVersion(wanted);
  const newer = [...new Set(images.filter((i) => i.runtime === runtime.name && i.runtimeVersion).map((i) => i.runtimeVersion!))]
    .filter((v) => current && coerceVersion(v) && semver.gt(coerceVersion(v)!, current))
    .filter((v) => {
      const release = family && releaseOf(family, v);
      return !(today && release && isEnded(release, today));
    })
    .sort((a, b) => semver.compare(coerceVersion(a)!, coerceVersion(b)!));
  if (!newer.length) return { images: [] };
  return { images: images.filter((i) => i.runtime === runtime.name && i.runtimeVersion === newer[0]), moved: newer[0] };
}

function candidates(kb: KnowledgeBase, input: SuggestInputs): { images: CatalogImage[]; moved?: { runtime: RuntimeInfo; to: string } } {
  const images = catalogImages(kb);
  const main = input.main;
  if (main?.kind === 'elf-static' && !main.isShell) {
    return { images: images.filter((i) => i.libc === 'none' && !i.shell || i.ref === 'scratch') };
  }
  const runtime = input.runtimes.find((r) => r.name !== 'go' && images.some((i) => i.runtime === r.name));
  if (runtime) {
    const found = runtimeImages(kb, images, runtime, input.today);
    return { images: found.images, moved: found.moved ? { runtime, to: found.moved } : undefined };
  }
  if (main?.kind === 'elf-dynamic' && !main.isShell) {
    const glibc = images.filter((i) => !i.runtime && i.libc === 'glibc' && (i.variant === 'distroless' || i.variant === 'distroless-cc' || i.variant === 'slim'));
    const musl = images.filter((i) => !i.runtime && i.family === 'alpine');
    return { images: main.libc === 'musl' ? musl : [...glibc, ...musl] };
  }
  // A shell, a script or something we cannot read runs first: only bases with a shell keep it working.
  return { images: images.filter((i) => !i.runtime && i.shell && (i.family === input.family || i.family === 'alpine' || i.family === 'busybox' || (input.family === 'ubuntu' && i.family === 'debian'))) };
}

function describe(kb: KnowledgeBase, input: SuggestInputs, image: CatalogImage, moved: { runtime: RuntimeInfo; to: string } | undefined): { keeps: string[]; cautions: string[] } {
  const keeps: string[] = [];
  const cautions: string[] = [];
  const runtime = input.runtimes.find((r) => r.name === image.runtime);
  if (runtime && !moved) keeps.push(`${RUNTIME_NAMES[runtime.name]} ${image.runtimeVersion}`);
  if (moved && image.runtime === moved.runtime.name) {
    cautions.push(`moves ${RUNTIME_NAMES[moved.runtime.name]} from ${moved.runtime.version ?? moved.runtime.major} to ${moved.to}: the knowledge base has no smaller image of ${moved.runtime.major}`);
  }
  // Said first: the one incompatibility that breaks an app at start-up.
  if (image.libc === 'musl' && input.libc === 'glibc') {
    cautions.unshift(`the image has glibc-linked binaries (${input.glibcEvidence ? `/${input.glibcEvidence}` : 'glibc found'}): they will not run on musl, so rebuild them on Alpine or keep a glibc base`);
  } else if (image.libc === 'glibc' && input.libc === 'musl') {
    cautions.unshift('the image has musl-linked binaries: rebuild them for glibc');
  } else if (image.libc === input.libc && image.libc !== 'none') {
    keeps.push(image.libc);
  }
  if (image.libc === 'none' && input.main?.kind === 'elf-static') keeps.push(`the static binary ${input.main.path ? `/${input.main.path}` : input.main.command}`);
  if (input.addedOnTop.length) {
    const what = `${input.addedOnTop.length} package${input.addedOnTop.length === 1 ? '' : 's'} (${listed(input.addedOnTop)})`;
    if (image.packageManager === 'none') cautions.push(`the image installs ${what} on top of its base; ${image.ref} has no package manager: copy what they provide from a build stage`);
    else if (image.packageManager !== input.packageManager) cautions.push(`the image installs ${what} with ${PM_NAMES[input.packageManager] ?? input.packageManager}; on ${image.ref} they must come from ${PM_NAMES[image.packageManager]}, and whether they exist there under the same names is not checked`);
    else keeps.push(`${PM_NAMES[image.packageManager]} for the ${input.addedOnTop.length} package${input.addedOnTop.length === 1 ? '' : 's'} installed on top`);
  } else if (image.packageManager === input.packageManager && image.packageManager !== 'none') {
    keeps.push(PM_NAMES[image.packageManager]);
  }
  if (image.shell && needsShell(input.main)) {
    // bash, zsh and ksh are Debian/Ubuntu packages; busybox and Alpine ship ash as /bin/sh.
    const shell = input.main?.isShell ? input.main.command.slice(input.main.command.lastIndexOf('/') + 1) : undefined;
    if (shell && ['bash', 'zsh', 'ksh'].includes(shell) && (image.family === 'busybox' || image.family === 'alpine' || image.os === 'alpine')) {
      cautions.push(`the image starts ${shell}; ${image.ref} has only ash as /bin/sh (add ${shell}${image.packageManager === 'apk' ? ' with apk' : ''} or use sh)`);
    } else keeps.push('a shell');
  }
  if (image.packageManager === 'none' && input.packageManager !== 'none' && input.installedPackages !== 0 && !input.addedOnTop.length) {
    cautions.push(`${image.ref} has none of the image's ${input.installedPackages ?? ''} ${PM_NAMES[input.packageManager] ?? input.packageManager} packages: it fits only if the app needs nothing from them`.replace('  ', ' '));
  }
  if (input.libc === 'unknown' && (image.libc === 'musl' || image.libc === 'glibc')) {
    cautions.push(`which C library the image's programs need is not known: check that they run on ${image.libc}`);
  }
  if (image.variant === 'slim' && input.family === image.family) cautions.push('slim leaves out packages of the full image (compilers, headers, curl, git, ...): check that the app does not use them at run time');
  if (image.ref === 'scratch') cautions.push('scratch has no CA certificates, time zone data, /etc/passwd or /tmp: copy them in if the app needs TLS, time zones or a named user');
  if (image.family === input.family && image.version && input.osVersion && releaseCycle(kb, input.family, input.osVersion) !== image.version && !image.runtime) {
    cautions.push(`moves from ${input.osId} ${input.osVersion} to ${image.version}`);
  }
  if (image.family !== input.family && input.family === 'ubuntu' && image.family === 'debian') cautions.push('Debian instead of Ubuntu: package versions differ');
  return { keeps, cautions };
}

/** The release cycle a version belongs to (`12.15` → `12`, `3.18.4` → `3.18`), or the version itself when unknown. */
function releaseCycle(kb: KnowledgeBase, family: string, version: string): string {
  const known = familyById(kb, family);
  return (known && releaseOf(known, version)?.version) ?? version;
}

/** An older release of the same distribution, or one past its end of life: never a way forward. */
function isOutdated(kb: KnowledgeBase, input: SuggestInputs, image: CatalogImage): boolean {
  const family = familyById(kb, image.family);
  const release = family && image.version ? releaseOf(family, image.version) : undefined;
  if (release && input.today && isEnded(release, input.today)) return true;
  if (image.family !== input.family || !image.version || !input.osVersion || image.runtime) return false;
  const mine = coerceVersion(releaseCycle(kb, input.family, input.osVersion));
  const theirs = coerceVersion(image.version);
  return mine !== undefined && theirs !== undefined && semver.lt(theirs, mine);
}

/** True when the alternative's libc cannot run the image's dynamically linked binaries. */
export function isLibcSwitch(current: Libc, alternative: Libc): boolean {
  return (current === 'glibc' && alternative === 'musl') || (current === 'musl' && alternative === 'glibc');
}

/**
 * Smaller bases that keep what the image needs: the same runtime major, a shell when a script or shell
 * starts the app, libc compatibility (said before any musl base is offered to a glibc image), and a
 * package manager for what the image installs (said when there is none, or another one).
 */
export function suggestAlternatives(kb: KnowledgeBase, input: SuggestInputs): Suggestions {
  if (input.family === 'unknown') return { alternatives: [], reason: 'the base image could not be identified' };
  const { images, moved } = candidates(kb, input);
  const shellNeeded = needsShell(input.main);
  const alternatives: BaseAlternative[] = [];
  const managerOf = new Map(images.map((i) => [i.ref, i.packageManager]));
  for (const image of images) {
    if (image.ref === input.currentRef) continue;
    if (shellNeeded && !image.shell) continue;
    if (isOutdated(kb, input, image)) continue;
    const saving = input.currentBytes - image.bytes;
    if (saving < Math.max(MIN_SAVING_BYTES, input.currentBytes * MIN_SAVING_SHARE)) continue;
    const { keeps, cautions } = describe(kb, input, image, moved);
    alternatives.push({
      ref: image.ref,
      from: `FROM ${image.ref}`,
      variant: image.variant,
      libc: image.libc,
      bytes: image.bytes,
      compressedBytes: image.compressedBytes,
      estimatedSavingBytes: saving,
      keeps,
      cautions,
      source: sourceUrl(kb, image.source),
      estimate: image.estimate === true,
    });
  }
  // Ranked by risk: a libc switch breaks the app at start-up, losing the package manager breaks the build;
  // only then fewer cautions, then the bigger saving.
  const libcRisk = (a: BaseAlternative) => (isLibcSwitch(input.libc, a.libc) ? 1 : 0);
  const packageManagerLoss = (a: BaseAlternative) => (input.packageManager !== 'none' && managerOf.get(a.ref) === 'none' ? 1 : 0);
  alternatives.sort((a, b) => libcRisk(a) - libcRisk(b) || packageManagerLoss(a) - packageManagerLoss(b)
    || a.cautions.length - b.cautions.length || b.estimatedSavingBytes - a.estimatedSavingBytes);
  // One per repository and variant: three tags of the same thing are one suggestion. The one with the
  // fewest cautions wins (the same release beats a move), then the newest release.
  const keyOf = (a: BaseAlternative) => `${a.variant}:${a.ref.split(':')[0]}`;
  const best = new Map<string, BaseAlternative>();
  for (const a of alternatives) {
    const other = best.get(keyOf(a));
    const version = coerceVersion(a.ref.split(':')[1]);
    const otherVersion = coerceVersion(other?.ref.split(':')[1]);
    if (!other || a.cautions.length < other.cautions.length
      || (a.cautions.length === other.cautions.length && version && otherVersion && semver.gt(version, otherVersion))) best.set(keyOf(a), a);
  }
  const picked = alternatives.filter((a) => best.get(keyOf(a)) === a).slice(0, MAX_ALTERNATIVES);
  if (picked.length) return { alternatives: picked };
  const why = !input.main
    ? `the image names no ENTRYPOINT or CMD, so the base must keep a shell to be usable, and no known base with one is smaller by at least ${MIN_SAVING_BYTES / 1e6} MB and ${MIN_SAVING_SHARE * 100} %`
    : shellNeeded
    ? `the app starts through ${input.main?.path ? `/${input.main.path}` : input.main?.command ?? 'an unknown command'}${input.main?.kind === 'script' ? ' (a script)' : input.main?.isShell ? ' (a shell)' : ''}, so the base must keep a shell, and no known base with one is smaller by at least ${MIN_SAVING_BYTES / 1e6} MB and ${MIN_SAVING_SHARE * 100} %`
    : `no known base that keeps what the image needs is smaller by at least ${MIN_SAVING_BYTES / 1e6} MB and ${MIN_SAVING_SHARE * 100} %`;
  return { alternatives: [], reason: why };
}
