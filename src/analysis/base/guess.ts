import type { DistroInfo } from './distro.js';
import {
  catalogImages, familyById, familyOfOs, familyOfRuntime, isEnded, newerReleases, releaseOf, sourceUrl,
  type CatalogImage, type KnowledgeBase, type KnownFamily,
} from './knowledge.js';
import type { BaseGuess, EolStatus, InstalledPackage, Libc, RuntimeInfo } from './types.js';

export interface GuessInputs {
  distro: DistroInfo;
  libc: Libc;
  /** Runtimes that came with the base layers (not installed by the image's own layers). */
  baseRuntimes: RuntimeInfo[];
  packages: InstalledPackage[];
  /** dpkg's per-package status.d without a status file: how distroless records packages. */
  distrolessPackages: boolean;
  labels: { baseName?: string };
  baseBytes: number;
  /** True when nothing but the root filesystem could be told apart from the image's own layers. */
  boundaryKnown: boolean;
  hasShell: boolean;
}

export interface FamilyGuess {
  family: string;
  guess: BaseGuess;
  image?: CatalogImage;
}

/** `docker.io/library/node:22-alpine@sha256:…` → `node`, `gcr.io/distroless/static-debian12` → `distroless/static-debian12`. */
function repositoryOf(ref: string): string {
  const noDigest = ref.split('@')[0];
  const noTag = noDigest.replace(/:[^/:]+$/, '');
  return noTag.replace(/^docker\.io\//, '').replace(/^library\//, '').replace(/^(gcr\.io|cgr\.dev)\//, '');
}

function familyOfLabel(kb: KnowledgeBase, ref: string): KnownFamily | undefined {
  const repo = repositoryOf(ref);
  if (repo.startsWith('distroless/')) return familyById(kb, 'distroless');
  if (repo.startsWith('chainguard/')) return familyById(kb, 'wolfi');
  return familyById(kb, repo) ?? familyOfOs(kb, repo);
}

function distrolessFlavour(inputs: GuessInputs): string {
  const names = new Set(inputs.packages.map((p) => p.name));
  const runtime = inputs.baseRuntimes[0];
  if (runtime?.name === 'node') return `nodejs${runtime.major ?? ''}`;
  if (runtime?.name === 'python') return 'python3';
  if (runtime?.name === 'java') return `java${runtime.major ?? ''}`;
  if (!names.has('libc6')) return 'static';
  if (names.has('libstdc++6') || names.has('libgcc-s1')) return 'cc';
  return 'base';
}

/** The known image of the family and version whose size is closest to what the base layers measure. */
function closestImage(images: CatalogImage[], baseBytes: number): CatalogImage | undefined {
  if (!images.length) return undefined;
  if (baseBytes <= 0) return images.find((i) => i.variant === 'full') ?? images[0];
  return [...images].sort((a, b) => Math.abs(a.bytes - baseBytes) - Math.abs(b.bytes - baseBytes))[0];
}

function major(version: string | undefined, family: KnownFamily): string | undefined {
  return releaseOf(family, version)?.version;
}

/** Which family the image is built on and the closest known image, with the reasons. */
export function guessBase(kb: KnowledgeBase, inputs: GuessInputs): FamilyGuess {
  const reasons: string[] = [];
  const images = catalogImages(kb);
  const { distro } = inputs;

  if (inputs.labels.baseName) {
    const family = familyOfLabel(kb, inputs.labels.baseName);
    const known = images.find((i) => i.ref === inputs.labels.baseName || repositoryOf(i.ref) === repositoryOf(inputs.labels.baseName!) && i.ref.split(':')[1] === inputs.labels.baseName!.split('@')[0].split(':')[1]);
    return {
      family: family?.id ?? 'unknown',
      image: known,
      guess: { image: inputs.labels.baseName, confidence: 'label', reasons: ['label org.opencontainers.image.base.name'], knownBytes: known?.bytes },
    };
  }

  const runtime = inputs.baseRuntimes.find((r) => familyOfRuntime(kb, r.name));
  if (inputs.distrolessPackages || distro.distroless) {
    const flavour = distrolessFlavour(inputs);
    const version = distro.version?.split('.')[0] ?? '12';
    const ref = `gcr.io/distroless/${flavour}-debian${version}`;
    reasons.push(distro.distroless ? 'os-release names Distroless' : 'dpkg status.d/ without a status file (how distroless records packages)');
    reasons.push(flavour === 'static' ? 'no libc6 package' : `packages and runtimes match the ${flavour} flavour`);
    const image = images.find((i) => i.ref === ref);
    return { family: 'distroless', image, guess: { image: ref, confidence: 'medium', reasons, knownBytes: image?.bytes } };
  }

  if (runtime) {
    const family = familyOfRuntime(kb, runtime.name)!;
    const runtimeMajor = major(runtime.version, family) ?? runtime.major;
    const osVariant = distro.id === 'alpine' ? 'alpine' : undefined;
    const candidates = images.filter((i) => i.family === family.id && i.runtimeVersion === runtimeMajor && (osVariant ? i.os === 'alpine' : i.os !== 'alpine'));
    const image = closestImage(candidates, inputs.baseBytes);
    reasons.push(`${family.name} ${runtime.version ?? ''} in the base layers (${runtime.evidence})`.replace('  ', ' '));
    if (distro.id !== 'unknown') reasons.push(`on ${distro.prettyName ?? distro.id}`);
    if (image && inputs.boundaryKnown) reasons.push(`closest known size: ${image.ref}`);
    return {
      family: family.id,
      image,
      guess: { image: image?.ref ?? `${family.id}:${runtimeMajor ?? 'unknown'}${osVariant ? '-alpine' : ''}`, confidence: image && inputs.boundaryKnown ? 'high' : 'medium', reasons, knownBytes: image?.bytes },
    };
  }

  const family = familyOfOs(kb, distro.id);
  if (family) {
    const release = releaseOf(family, distro.version);
    // A release the knowledge base lacks keeps the version the image states (busybox `1.35.0`).
    const version = release?.version ?? distro.version;
    const candidates = images.filter((i) => i.family === family.id && i.version === version && (i.variant !== 'distroless' && i.variant !== 'static'));
    const image = closestImage(candidates, inputs.baseBytes);
    reasons.push(`${distro.prettyName ?? `${family.name} ${distro.version ?? ''}`.trim()} (from ${distro.evidence.join(', ') || 'the package database'})`);
    if (image && candidates.length > 1) reasons.push(`size closest to ${image.ref}`);
    return {
      family: family.id,
      image,
      guess: { image: image?.ref ?? `${family.id}:${version ?? 'unknown'}`, confidence: image ? 'high' : 'medium', reasons, knownBytes: image?.bytes },
    };
  }

  if (distro.id === 'unknown' && !inputs.hasShell && inputs.packages.length === 0) {
    const image = images.find((i) => i.ref === 'scratch');
    return { family: 'scratch', image, guess: { image: 'scratch', confidence: 'low', reasons: ['no os-release, package database or shell'], knownBytes: 0 } };
  }
  return { family: distro.id === 'unknown' ? 'unknown' : distro.id, guess: { image: distro.prettyName ?? distro.id, confidence: 'low', reasons: distro.evidence.length ? [`${distro.evidence.join(', ')}`] : ['no release file'] } };
}

/** End-of-life status of the distribution release and of each runtime found. */
export function eolStatuses(kb: KnowledgeBase, family: string, distro: DistroInfo, runtimes: RuntimeInfo[], today: Date): EolStatus[] {
  const statuses: EolStatus[] = [];
  const add = (f: KnownFamily, version: string | undefined, label: string) => {
    const release = releaseOf(f, version);
    if (!release) return;
    const newer = newerReleases(f, release);
    statuses.push({
      subject: `${label} ${release.version}${release.codename && !release.codename.startsWith('debian') ? ` (${release.codename})` : ''}`,
      product: label,
      release: release.version,
      date: release.eol,
      ended: isEnded(release, today),
      behind: newer.length,
      latest: newer.at(-1)?.version ?? release.version,
      source: sourceUrl(kb, release.source),
    });
  };
  const osFamily = family === 'distroless' ? familyById(kb, 'distroless') : familyOfOs(kb, distro.id);
  if (osFamily) add(osFamily, distro.version, family === 'distroless' ? 'Distroless Debian' : osFamily.name);
  for (const r of runtimes) {
    const f = familyOfRuntime(kb, r.name);
    if (f) add(f, r.version ?? r.major, f.name);
  }
  return statuses;
}
