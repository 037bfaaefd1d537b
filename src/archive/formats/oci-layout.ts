import { InputError } from '../../errors.js';
import type { Platform } from '../../image/model.js';
import type { ArchiveStore } from '../store.js';
import { blobName, isObject, readJson, readVerifiedJson } from './json.js';
import {
  digestMatches, formatPlatform, hostPlatform, parsePlatform, platformMatches, platformOfConfig,
  referenceMatches, type ResolvedImage, type ResolveOptions,
} from './resolved.js';

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

interface Candidate {
  digest: string;
  size?: number;
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

async function collectManifests(store: ArchiveStore, indexName: string, digest: string | undefined, inherited: string[], depth: number, out: Candidate[]): Promise<void> {
  if (depth > 4) throw new InputError('image indexes nest too deeply', store.label);
  const { value: index } = digest ? await readVerifiedJson(store, indexName, digest) : { value: await readJson(store, indexName) };
  if (!isObject(index) || !Array.isArray(index.manifests)) {
    throw new InputError(`${indexName} is not an image index (no manifests list)`, store.label);
  }
  for (const descriptor of index.manifests) {
    if (!isObject(descriptor) || typeof descriptor.digest !== 'string') continue;
    if (isAttestation(descriptor)) continue;
    const names = descriptorNames(descriptor, inherited);
    const name = blobName(descriptor.digest, store);
    let mediaType = typeof descriptor.mediaType === 'string' ? descriptor.mediaType : undefined;
    if (!mediaType && store.has(name)) {
      const peek = await readJson(store, name).catch(() => undefined);
      mediaType = isObject(peek) && Array.isArray(peek.manifests) ? INDEX_TYPES.values().next().value : 'manifest';
    }
    if (mediaType && INDEX_TYPES.has(mediaType)) {
      if (!store.has(name)) throw new InputError(`missing blob ${descriptor.digest} (an image index listed in ${indexName})`, store.label);
      await collectManifests(store, name, descriptor.digest, names, depth + 1, out);
      continue;
    }
    const platform = isObject(descriptor.platform) && typeof descriptor.platform.os === 'string'
      ? platformOfConfig(descriptor.platform) : undefined;
    out.push({ digest: descriptor.digest, size: typeof descriptor.size === 'number' ? descriptor.size : undefined, platform, names });
  }
}

async function candidatesOf(store: ArchiveStore): Promise<Candidate[]> {
  const out: Candidate[] = [];
  await collectManifests(store, 'index.json', undefined, [], 0, out);
  return out;
}

/** Fills in the platform of manifests whose descriptor does not carry one, from their config. */
async function platformOf(store: ArchiveStore, candidate: Candidate): Promise<Platform> {
  if (candidate.platform) return candidate.platform;
  const { manifest } = await readManifest(store, candidate);
  const configDescriptor = manifest.config as Record<string, unknown>;
  const { value: config } = await readVerifiedJson(store, blobName(String(configDescriptor.digest), store), String(configDescriptor.digest));
  candidate.platform = isObject(config) ? platformOfConfig(config) : { os: 'unknown', architecture: 'unknown' };
  return candidate.platform;
}

async function readManifest(store: ArchiveStore, candidate: Candidate): Promise<{ manifest: Record<string, unknown> }> {
  const name = blobName(candidate.digest, store);
  if (!store.has(name)) throw new InputError(`missing blob ${candidate.digest} (the image manifest)`, store.label);
  const { value } = await readVerifiedJson(store, name, candidate.digest);
  if (!isObject(value) || !isObject(value.config) || typeof value.config.digest !== 'string' || !Array.isArray(value.layers)) {
    throw new InputError(`manifest ${candidate.digest} has no config or layers`, store.label);
  }
  return { manifest: value };
}

export async function listOciPlatforms(store: ArchiveStore): Promise<Platform[]> {
  const platforms: Platform[] = [];
  for (const candidate of await candidatesOf(store)) platforms.push(await platformOf(store, candidate));
  return platforms;
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
      throw new InputError(`no image ${wanted} in this layout (it holds: ${names.join(', ') || candidates.map((c) => c.digest.slice(7, 19)).join(', ')})`, store.label);
    }
    candidates = matching;
  }
  const platforms = await Promise.all(candidates.map((c) => platformOf(store, c)));
  const distinct = new Set(platforms.map(formatPlatform));
  if (options.platform || distinct.size > 1) {
    const wanted = options.platform ? parsePlatform(options.platform) : hostPlatform();
    const matching = candidates.filter((c) => platformMatches(c.platform!, wanted));
    if (matching.length === 0) {
      throw new InputError(`no image for platform ${formatPlatform(wanted)} (available: ${[...distinct].join(', ')}); choose one with --platform`, store.label);
    }
    if (!options.platform) notes.push(`the index holds ${distinct.size} platforms (${[...distinct].join(', ')}); picked ${formatPlatform(matching[0].platform!)}, this machine's: choose with --platform`);
    candidates = matching;
  }
  if (candidates.length > 1) {
    const label = (c: Candidate) => c.names[0] ?? c.digest.slice(7, 19);
    notes.push(`this layout holds ${candidates.length} images (${candidates.map(label).join(', ')}); analysed ${label(candidates[0])}: pick another with --image`);
  }
  const chosen = candidates[0];
  const { manifest } = await readManifest(store, chosen);
  const configDescriptor = manifest.config as Record<string, unknown>;
  const configDigest = String(configDescriptor.digest);
  const configName = blobName(configDigest, store);
  if (!store.has(configName)) throw new InputError(`missing blob ${configDigest} (the image config)`, store.label);
  const { value: config } = await readVerifiedJson(store, configName, configDigest);
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
