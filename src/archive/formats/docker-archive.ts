import { InputError } from '../../errors.js';
import type { ArchiveStore } from '../store.js';
import { isObject, readJson, readVerifiedJson } from './json.js';
import {
  digestFromBlobName, digestMatches, listSome, formatPlatform, parsePlatform, platformMatches, platformOfConfig,
  referenceMatches, type LayerRef, type ResolvedImage, type ResolveOptions,
} from './resolved.js';

interface ManifestEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

/**
 * `docker save`: manifest.json lists, per image, the config file, its tags and the layer tars in order.
 * Docker >= 25 keeps the same manifest.json but stores everything as OCI blobs (`blobs/sha256/<hex>`).
 */
export async function resolveDockerArchive(store: ArchiveStore, options: ResolveOptions): Promise<ResolvedImage> {
  const raw = await readJson(store, 'manifest.json');
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InputError(`manifest.json lists no images (it is ${raw === null ? 'null' : Array.isArray(raw) ? 'an empty list' : typeof raw})`, store.label);
  }
  const entries: ManifestEntry[] = raw.map((item, i) => {
    if (!isObject(item) || typeof item.Config !== 'string' || !Array.isArray(item.Layers) || !item.Layers.every((l) => typeof l === 'string')) {
      throw new InputError(`manifest.json entry ${i} has no Config and Layers`, store.label);
    }
    const tags = Array.isArray(item.RepoTags) ? item.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    return { Config: item.Config, RepoTags: tags, Layers: item.Layers as string[] };
  });
  const notes: string[] = [];
  const entry = await pickEntry(store, entries, options, notes);
  // Blobs under blobs/sha256/ are content-addressed by the OCI spec; the `<id>.json` name of older saves is
  // a convention Docker itself does not check on load, and some writers break it (go-containerregistry's test data).
  const contentAddressed = entry.Config.startsWith('blobs/');
  const nameDigest = digestFromBlobName(entry.Config);
  const { value: config, digest } = await readVerifiedJson(store, entry.Config, contentAddressed ? nameDigest : undefined);
  if (!contentAddressed && nameDigest && nameDigest !== digest) {
    notes.push(`the config file is named ${entry.Config} but its content hashes to ${digest}: the image id is taken from the content`);
  }
  if (!isObject(config)) throw new InputError(`${entry.Config} is not an image config`, store.label);
  if (options.platform) {
    const have = platformOfConfig(config);
    if (!platformMatches(have, parsePlatform(options.platform))) {
      throw new InputError(`the image is ${formatPlatform(have)}; no image for ${options.platform} in this archive (platforms: ${formatPlatform(have)})`, store.label);
    }
  }
  const oci = store.has('index.json') && store.has('oci-layout');
  const layers: LayerRef[] = entry.Layers.map((blob) => ({
    blob,
    // Docker >= 25 names blobs by digest; older saves name layer directories by a v1 id that is no digest.
    digest: blob.startsWith('blobs/') || /\.tar\.gz$|\.tgz$/.test(blob) ? digestFromBlobName(blob) : undefined,
  }));
  return {
    format: oci ? 'docker-archive-oci' : 'docker-archive',
    tags: entry.RepoTags,
    configDigest: digest,
    manifestDigest: oci ? await findManifestDigest(store, digest) : undefined,
    config,
    layers,
    notes,
  };
}

async function pickEntry(store: ArchiveStore, entries: ManifestEntry[], options: ResolveOptions, notes: string[]): Promise<ManifestEntry> {
  const describe = (e: ManifestEntry) => e.RepoTags[0] ?? (digestFromBlobName(e.Config) ?? e.Config).replace('sha256:', '').slice(0, 12);
  if (options.image) {
    const wanted = options.image;
    const match = entries.find((e) => e.RepoTags.some((t) => referenceMatches(t, wanted)) || digestMatches(digestFromBlobName(e.Config), wanted));
    if (!match) {
      throw new InputError(`no image ${wanted} in this archive (it holds: ${listSome(entries.map(describe))})`, store.label);
    }
    return match;
  }
  if (options.platform && entries.length > 1) {
    for (const e of entries) {
      const config = await readJson(store, e.Config).catch(() => undefined);
      if (isObject(config) && platformMatches(platformOfConfig(config), parsePlatform(options.platform))) return e;
    }
  }
  if (entries.length > 1) {
    notes.push(`this archive holds ${entries.length} images (${listSome(entries.map(describe))}); analysed ${describe(entries[0])}: pick another with --image`);
  }
  return entries[0];
}

/**
 * The OCI manifest whose config is this image's, so JSON can name the digest a registry would show. Some
 * writers leave index.json's list empty (go-containerregistry's v25 test data), so small blobs are tried too.
 */
async function findManifestDigest(store: ArchiveStore, configDigest: string): Promise<string | undefined> {
  const index = await readJson(store, 'index.json').catch(() => undefined);
  const listed = isObject(index) && Array.isArray(index.manifests)
    ? index.manifests.filter(isObject).map((d) => String(d.digest ?? '')).filter((d) => d.startsWith('sha256:'))
    : [];
  const candidates = listed.length ? [...new Set(listed)] : store.names().filter((n) => /^blobs\/sha256\/[a-f0-9]{64}$/.test(n) && store.size(n) < 65536).map((n) => 'sha256:' + n.slice(13));
  for (const digest of candidates) {
    const name = `blobs/${digest.replace(':', '/')}`;
    if (!store.has(name) || store.size(name) > 4 * 1024 * 1024) continue;
    const manifest = await readJson(store, name).catch(() => undefined);
    if (isObject(manifest) && isObject(manifest.config) && manifest.config.digest === configDigest) return digest;
  }
  return undefined;
}
