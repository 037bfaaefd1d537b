import type { ArchiveFormat, Platform } from '../../image/model.js';

/** Where one layer's blob is, and what the archive claims about it (checked when the blob is read). */
export interface LayerRef {
  /** Store name of the blob. Empty for a docker export, whose whole archive is the one layer. */
  blob: string;
  /** The digest the archive declares for the stored blob (OCI descriptor or `blobs/sha256/<hex>` name). */
  digest?: string;
  mediaType?: string;
  declaredSize?: number;
}

/** An image picked out of an archive, before any layer is read. */
export interface ResolvedImage {
  format: ArchiveFormat;
  tags: string[];
  configDigest?: string;
  manifestDigest?: string;
  config: Record<string, unknown>;
  layers: LayerRef[];
  notes: string[];
}

/** One image an archive holds, as `--list-platforms` names it. */
export interface ArchiveImage {
  /** Tags or reference names; empty when the archive names none. */
  names: string[];
  /** The config digest (docker save) or manifest digest (OCI), when known. */
  id?: string;
  platforms: Platform[];
}

export interface ResolveOptions {
  /** Picks one image of several: a tag, a reference name, or an id/digest prefix. */
  image?: string;
  /** `os/arch[/variant]` */
  platform?: string;
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  return { os, architecture, variant: variant || undefined };
}

export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return { os: 'linux', architecture: arch[process.arch] ?? process.arch, variant: process.arch === 'arm' ? 'v7' : process.arch === 'arm64' ? 'v8' : undefined };
}

/** arm64 images often omit the `v8` variant; a wanted variant only has to match when both sides name one. */
export function platformMatches(have: Platform, want: Platform): boolean {
  if (have.os !== want.os || have.architecture !== want.architecture) return false;
  return !want.variant || !have.variant || have.variant === want.variant;
}

export function platformOfConfig(config: Record<string, unknown>): Platform {
  return {
    os: typeof config.os === 'string' ? config.os : 'unknown',
    architecture: typeof config.architecture === 'string' ? config.architecture : 'unknown',
    variant: typeof config.variant === 'string' ? config.variant : undefined,
  };
}

/** `alpine` names `alpine:latest` and `docker.io/library/alpine:latest` too. */
export function referenceMatches(candidate: string, wanted: string): boolean {
  const expand = (ref: string) => {
    let r = ref;
    if (!/:[^/]+$/.test(r) && !r.includes('@')) r += ':latest';
    r = r.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '').replace(/^library\//, '');
    return r;
  };
  return candidate === wanted || expand(candidate) === expand(wanted);
}

export function digestMatches(digest: string | undefined, wanted: string): boolean {
  if (!digest) return false;
  const hex = digest.replace(/^sha256:/, '');
  const w = wanted.replace(/^sha256:/, '');
  return w.length >= 6 && /^[a-f0-9]+$/.test(w) && hex.startsWith(w);
}

export function digestFromBlobName(name: string): string | undefined {
  const match = /(?:^|\/)(?:sha256[:/])?([a-f0-9]{64})(?:\.json|\.tar|\.tar\.gz|\.tgz)?$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

/** A list for a one-line message: the first few, then how many more (an index may name thousands). */
export function listSome(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, and ${items.length - max} more` : shown;
}
