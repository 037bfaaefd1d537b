import semver from 'semver';
import data from '../../../rules/data/base-images.json' with { type: 'json' };
import type { Libc, PackageManager } from './types.js';

/** The shape of rules/data/base-images.json (see its `about`, `sizeNote` and `eolNote`). */
export interface KnownRelease {
  version: string;
  codename?: string;
  /** End of free security support, YYYY-MM-DD. */
  eol: string;
  source: string;
  estimate?: boolean;
}

export interface KnownImage {
  ref: string;
  /** Distribution release (`12`, `3.22`) for distro images. */
  version?: string;
  /** Runtime major for runtime images (`22`, `3.12`). */
  runtimeVersion?: string;
  runtime?: string;
  variant: string;
  os?: string;
  libc?: string;
  packageManager?: string;
  shell?: boolean;
  bytes: number;
  compressedBytes?: number;
  source: string;
  estimate?: boolean;
  note?: string;
}

export interface KnownFamily {
  id: string;
  name: string;
  kind: 'distro' | 'distroless' | 'scratch' | 'runtime' | 'app';
  runtime?: string;
  osIds: string[];
  libc: string;
  packageManager: string;
  shell: boolean;
  releases: KnownRelease[];
  images: KnownImage[];
}

export interface KnowledgeBase {
  reviewed: string;
  sources: Record<string, { url: string; also?: string[]; note?: string }>;
  families: KnownFamily[];
}

export const knowledgeBase = data as unknown as KnowledgeBase;

/** An image of a family with the family's defaults filled in. */
export interface CatalogImage extends KnownImage {
  family: string;
  libc: Libc;
  packageManager: PackageManager;
  shell: boolean;
}

export function familyById(kb: KnowledgeBase, id: string): KnownFamily | undefined {
  return kb.families.find((f) => f.id === id);
}

export function familyOfOs(kb: KnowledgeBase, osId: string): KnownFamily | undefined {
  return kb.families.find((f) => f.osIds.includes(osId));
}

export function familyOfRuntime(kb: KnowledgeBase, runtime: string): KnownFamily | undefined {
  return kb.families.find((f) => f.kind === 'runtime' && f.runtime === runtime);
}

export function catalogImages(kb: KnowledgeBase): CatalogImage[] {
  return kb.families.flatMap((f) => f.images.map((i) => ({
    ...i,
    family: f.id,
    runtime: i.runtime ?? f.runtime,
    libc: (i.libc ?? f.libc) as Libc,
    packageManager: (i.packageManager ?? f.packageManager) as PackageManager,
    shell: i.shell ?? f.shell,
  })));
}

/** `3.12-slim-bookworm` → 3.12.0, `12.5` → 12.5.0, `jdk-21.0.2+13` → 21.0.2. */
export function coerceVersion(text: string | undefined): semver.SemVer | undefined {
  if (!text) return undefined;
  // semver.coerce gives up on a leading zero (`22.04` → null), which Ubuntu versions all have.
  return semver.coerce(text.replace(/^jdk-?/, '').replace(/(^|\.)0+(\d)/g, '$1$2')) ?? undefined;
}

/**
 * The release cycle a version belongs to: the release whose version is the longest dotted prefix of it
 * (`12.5` is Debian `12`, `3.18.4` is Alpine `3.18`, `22.11.0` is Node `22`, `1.8.0_392` is never `1`).
 */
export function releaseOf(family: KnownFamily, version: string | undefined): KnownRelease | undefined {
  if (!version) return undefined;
  const parts = version.split(/[^\d]+/).filter(Boolean);
  let best: KnownRelease | undefined;
  for (const r of family.releases) {
    const rp = r.version.split('.');
    if (rp.every((p, i) => parts[i] === p) && (!best || rp.length > best.version.split('.').length)) best = r;
  }
  return best;
}

/** Releases newer than this one, by semver order of their cycle numbers. */
export function newerReleases(family: KnownFamily, release: KnownRelease): KnownRelease[] {
  const current = coerceVersion(release.version);
  if (!current) return [];
  return family.releases.filter((r) => {
    const v = coerceVersion(r.version);
    return v !== undefined && semver.gt(v, current);
  });
}

export function isEnded(release: KnownRelease, today: Date): boolean {
  return Date.parse(`${release.eol}T23:59:59Z`) < today.getTime();
}

export function sourceUrl(kb: KnowledgeBase, source: string): string {
  return kb.sources[source]?.url ?? source;
}
