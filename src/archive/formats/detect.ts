import { InputError } from '../../errors.js';
import type { ArchiveStore } from '../store.js';
import { resolveDockerArchive } from './docker-archive.js';
import { resolveDockerV1 } from './docker-v1.js';
import { listOciImages, resolveOciLayout } from './oci-layout.js';
import { isObject, readJson } from './json.js';
import { digestFromBlobName, platformOfConfig, type ArchiveImage, type ResolvedImage, type ResolveOptions } from './resolved.js';

export type { ArchiveImage, ResolvedImage, ResolveOptions } from './resolved.js';

/** Top-level names a root filesystem has and an image archive never has. */
const ROOTFS_MARKERS = /^(bin|etc|usr|lib|lib64|sbin|var|opt|home|root|srv|app|tmp|proc|sys|dev|run)(\/|$)/;

type Layout = 'docker' | 'oci' | 'docker-v1' | 'export';

function detectLayout(store: ArchiveStore): Layout {
  if (store.has('manifest.json')) return 'docker';
  if (store.has('index.json')) return 'oci';
  if (store.has('repositories')) return 'docker-v1';
  if (store.kind === 'tar' && store.names().some((n) => ROOTFS_MARKERS.test(n))) return 'export';
  if (store.kind === 'directory') throw new InputError('not an OCI image layout (no index.json or oci-layout)', store.label);
  throw new InputError('not a container image archive (no manifest.json, index.json or repositories, and no root filesystem)', store.label);
}

/** Finds the image in an archive by what the archive contains, never by its file name. */
export async function resolveImage(store: ArchiveStore, options: ResolveOptions = {}): Promise<ResolvedImage> {
  switch (detectLayout(store)) {
    case 'docker': return resolveDockerArchive(store, options);
    case 'oci': return resolveOciLayout(store, options, store.kind === 'tar' ? 'oci-archive' : 'oci-layout');
    case 'docker-v1': return resolveDockerV1(store, options);
    case 'export': return {
      format: 'docker-export',
      tags: [],
      config: {},
      layers: [{ blob: '' }],
      notes: ['a docker export snapshot: export/import drops the history, the config (Env, Cmd, User, ...) and the layer structure; analysed as one layer'],
    };
  }
}

/** Every image the archive holds, with its names and platforms (`--list-platforms`). */
export async function listImages(store: ArchiveStore): Promise<ArchiveImage[]> {
  switch (detectLayout(store)) {
    case 'oci': return listOciImages(store);
    case 'docker': {
      const manifest = await readJson(store, 'manifest.json');
      if (!Array.isArray(manifest)) return [];
      const out: ArchiveImage[] = [];
      for (const entry of manifest) {
        if (!isObject(entry) || typeof entry.Config !== 'string') continue;
        const config = await readJson(store, entry.Config);
        if (!isObject(config)) continue;
        const names = Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((t): t is string => typeof t === 'string') : [];
        out.push({ names, id: digestFromBlobName(entry.Config), platforms: [platformOfConfig(config)] });
      }
      return out;
    }
    default: return [];
  }
}
