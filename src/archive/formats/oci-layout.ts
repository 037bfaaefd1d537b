import { InputError } from '../../errors.js';
import type { Platform } from '../../image/model.js';
import type { ArchiveStore } from '../store.js';
import { blobName, isObject, readJson, readVerifiedJson } from './json.js';
import {
  digestMatches, formatPlatform, hostPlatform, parsePlatform, platformMatches, platformOfConfig,
  listSome, referenceMatches, type ArchiveImage, type ResolvedImage, type ResolveOptions,
} from './resolved.js';

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

interface Candidate {
  digest: string;
  /** As the descriptor states it; checked against the blob when the manifest is read. */
  size?: unknown;
  platform?: Platform;
  names: string[];
}

function descriptorNames(descriptor: Record<string, unknown>, inherited: string[]): string[] {
  const annotations = isObject(descriptor.annotations) ? descriptor.annotations : {};
  const names = [annotations[CONTAINERD_NAME], annotations[REF_NAME]].filter((n): n is string => typeof n === 'string');
  return names.length ? names : inherited;
}

function isAttestation(descriptor: Record<string, unknown>): boolean {
  const annotations = isObject(descriptor.annotations) ? descriptor.annotations : {};
  const platform = isObject(descriptor.platform) ? descriptor.platform : {};
  return annotations['vnd.docker.reference.type'] === 'attestation-manifest' || (platform.os === 'unknown' && platform.architecture === 'unknown');
}

/** Bounds on an index walk: real indexes nest once or twice and list a few dozen manifests. */
const MAX_INDEX_DEPTH = 4;
export const MAX_INDEX_DESCRIPTORS = 1000;
/** Entries walked, repeats included: a bound on the walk's time whatever the index repeats. */
const MAX_INDEX_ENTRIES = 100_000;

interface IndexWalk {
  /** Digest → candidate, so a manifest listed many times is read once (its names merged). */
  byDigest: Map<string, Candidate>;
  out: Candidate[];
  /** Indexes already walked, so a fan-out of the same nested index is walked once. */
  indexes: Set<string>;
  descriptors: number;
}

async function collectManifests(store: ArchiveStore, indexName: string, descriptor: Record<string, unknown> | undefined, inherited: string[], depth: number, walk: IndexWalk): Promise<void> {
  if (depth > MAX_INDEX_DEPTH) throw new InputError(`image indexes nest more than ${MAX_INDEX_DEPTH} deep`, store.label);
  const { value: index } = descriptor
    ? await readVerifiedJson(store, indexName, descriptor.digest as string, descriptor.size)
    : { value: await readJson(store, indexName) };
  if (!isObject(index) || !Array.isArray(index.manifests)) {
    throw new InputError(`${indexName} is not an image index (no manifests list)`, store.label);
  }
  for (const descriptor of index.manifests) {
    // Repeats cost no reads (they are merged below), so only the distinct ones count against the bound.
    if (++walk.descriptors > MAX_INDEX_ENTRIES) {
      throw new InputError(`the image indexes hold more than ${MAX_INDEX_ENTRIES} entries in all; tsimage reads at most that many`, store.label);
    }
    if (!isObject(descriptor) || typeof descriptor.digest !== 'string') continue;
    if (!walk.byDigest.has(descriptor.digest) && !walk.indexes.has(descriptor.digest) && walk.byDigest.size + walk.indexes.size >= MAX_INDEX_DESCRIPTORS) {
      throw new InputError(`the image indexes list more than ${MAX_INDEX_DESCRIPTORS} distinct manifests in all; tsimage reads at most that many`, store.label);
    }
    if (isAttestation(descriptor)) continue;
    const names = descriptorNames(descriptor, inherited);
    const seen = walk.byDigest.get(descriptor.digest);
    if (seen) {
      for (const name of names) if (!seen.names.includes(name)) seen.names.push(name);
      continue;
    }
    if (walk.indexes.has(descriptor.digest)) continue;
    const name = blobName(descriptor.digest, store);
    let mediaType = typeof descriptor.mediaType === 'string' ? descriptor.mediaType : undefined;
    if (!mediaType && store.has(name)) {
      const peek = await readJson(store, name).catch(() => undefined);
      mediaType = isObject(peek) && Array.isArray(peek.manifests) ? INDEX_TYPES.values().next().value : 'manifest';
    }
    if (mediaType && INDEX_TYPES.has(mediaType)) {
      if (!store.has(name)) throw new InputError(`missing blob ${descriptor.digest} (an image index listed in ${indexName})`, store.label);
      walk.indexes.add(descriptor.digest);
      await collectManifests(store, name, descriptor, names, depth + 1, walk);
      continue;
    }
    const platform = isObject(descriptor.platform) && typeof descriptor.platform.os === 'string'
      ? platformOfConfig(descriptor.platform) : undefined;
    const candidate: Candidate = { digest: descriptor.digest, size: descriptor.size, platform, names: [...names] };
    walk.byDigest.set(descriptor.digest, candidate);
    walk.out.push(candidate);
  }
}

async function candidatesOf(store: ArchiveStore): Promise<Candidate[]> {
  const walk: IndexWalk = { byDigest: new Map(), out: [], indexes: new Set(), descriptors: 0 };
  await collectManifests(store, 'index.json', undefined, [], 0, walk);
  return walk.out;
}

/** Fills in the platform of manifests whose descriptor does not carry one, from their config. */
async function platformOf(store: ArchiveStore, candidate: Candidate): Promise<Platform> {
  if (candidate.platform) return candidate.platform;
  const { manifest } = await readManifest(store, candidate);
  const configDescriptor = manifest.config as Record<string, unknown>;
  const { value: config } = await readVerifiedJson(store, blobName(String(configDescriptor.digest), store), String(configDescriptor.digest), configDescriptor.size);
  candidate.platform = isObject(config) ? platformOfConfig(config) : { os: 'unknown', architecture: 'unknown' };
  return candidate.platform;
}

async function readManifest(store: ArchiveStore, candidate: Candidate): Promise<{ manifest: Record<string, unknown> }> {
  const name = blobName(candidate.digest, store);
  if (!store.has(name)) throw new InputError(`missing blob ${candidate.digest} (the image manifest)`, store.label);
  const { value } = await readVerifiedJson(store, name, candidate.digest, candidate.size);
  if (!isObject(value) || !isObject(value.config) || typeof value.config.digest !== 'string' || !Array.isArray(value.layers)) {
    throw new InputError(`manifest ${candidate.digest} has no config or layers`, store.label);
  }
  return { manifest: value };
}

/**
 * The layout's images: manifests that share their names (the platforms of one tagged index) are one image;
 * manifests nobody named are grouped as one unnamed image.
 */
export async function listOciImages(store: ArchiveStore): Promise<ArchiveImage[]> {
  const byNames = new Map<string, ArchiveImage>();
  for (const candidate of await candidatesOf(store)) {
    const key = candidate.names.join('\n');
    let image = byNames.get(key);
    if (!image) byNames.set(key, image = { names: candidate.names, id: candidate.digest, platforms: [] });
    image.platforms.push(await platformOf(store, candidate));
  }
  return [...byNames.values()];
}

/** An OCI image layout (directory or oci-archive tar): index.json, possibly nested indexes, then one manifest. */
export async function resolveOciLayout(store: ArchiveStore, options: ResolveOptions, format: 'oci-archive' | 'oci-layout' | 'registry'): Promise<ResolvedImage> {
  let candidates = await candidatesOf(store);
  if (candidates.length === 0) throw new InputError('index.json lists no image manifests', store.label);
  const notes: string[] = [];
  if (options.image) {
    const wanted = options.image;
    const matching = candidates.filter((c) => c.names.some((n) => referenceMatches(n, wanted) || n === wanted) || digestMatches(c.digest, wanted));
    if (matching.length === 0) {
      const names = [...new Set(candidates.flatMap((c) => c.names))];
      throw new InputError(`no image ${wanted} in this layout (it holds: ${listSome(names) || listSome(candidates.map((c) => c.digest.slice(7, 19)))})`, store.label);
    }
    candidates = matching;
  }
  // One at a time: each may read a manifest and a config, and a thousand at once would run out of file handles.
  const platforms: Platform[] = [];
  for (const candidate of candidates) platforms.push(await platformOf(store, candidate));
  const distinct = new Set(platforms.map(formatPlatform));
  if (options.platform || distinct.size > 1) {
    const wanted = options.platform ? parsePlatform(options.platform) : hostPlatform();
    const matching = candidates.filter((c) => platformMatches(c.platform!, wanted));
    if (matching.length === 0) {
      throw new InputError(`no image for platform ${formatPlatform(wanted)} (available: ${listSome([...distinct])}); choose one with --platform`, store.label);
    }
    if (!options.platform) notes.push(`the index holds ${distinct.size} platforms (${listSome([...distinct])}); picked ${formatPlatform(matching[0].platform!)}, this machine's: choose with --platform`);
    candidates = matching;
  }
  if (candidates.length > 1) {
    const label = (c: Candidate) => c.names[0] ?? c.digest.slice(7, 19);
    notes.push(`this layout holds ${candidates.length} images (${listSome(candidates.map(label))}); analysed ${label(candidates[0])}: pick another with --image`);
  }
  const chosen = candidates[0];
  const { manifest } = await readManifest(store, chosen);
  const configDescriptor = manifest.config as Record<string, unknown>;
  const configDigest = String(configDescriptor.digest);
  const configName = blobName(configDigest, store);
  if (!store.has(configName)) throw new InputError(`missing blob ${configDigest} (the image config)`, store.label);
  const { value: config } = await readVerifiedJson(store, configName, configDigest, configDescriptor.size);
  if (!isObject(config)) throw new InputError(`config ${configDigest} is not a JSON object`, store.label);
  const layers = (manifest.layers as unknown[]).map((descriptor, i) => {
    if (!isObject(descriptor) || typeof descriptor.digest !== 'string') throw new InputError(`manifest layer ${i} has no digest`, store.label);
    const name = blobName(descriptor.digest, store);
    if (!store.has(name)) {
      const foreign = Array.isArray(descriptor.urls) || String(descriptor.mediaType ?? '').includes('foreign') || String(descriptor.mediaType ?? '').includes('nondistributable');
      throw new InputError(`missing blob ${descriptor.digest} (layer ${i}${foreign ? ', a non-distributable layer kept outside the archive' : ''})`, store.label);
    }
    return {
      blob: name,
      digest: descriptor.digest,
      mediaType: typeof descriptor.mediaType === 'string' ? descriptor.mediaType : undefined,
      declaredSize: typeof descriptor.size === 'number' ? descriptor.size : undefined,
    };
  });
  const tags = [...new Set(chosen.names)];
  return { format, tags, configDigest, manifestDigest: chosen.digest, config, layers, notes };
}
