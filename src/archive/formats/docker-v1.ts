import { InputError } from '../../errors.js';
import type { ArchiveStore } from '../store.js';
import { isObject, readJson, readVerifiedJson } from './json.js';
import { digestFromBlobName, referenceMatches, type ResolvedImage, type ResolveOptions } from './resolved.js';

/**
 * The pre-1.10 save layout: `repositories` maps repo → tag → top layer id, each `<id>/json` names its parent.
 * No manifest.json ties in a config, so a top-level `<hex>.json` whose diff_ids fit the chain is used when
 * present; otherwise the config fields come from the top layer's own v1 json.
 */
export async function resolveDockerV1(store: ArchiveStore, options: ResolveOptions): Promise<ResolvedImage> {
  const repositories = await readJson(store, 'repositories');
  if (!isObject(repositories)) throw new InputError('repositories is not a JSON object', store.label);
  const refs: { ref: string; id: string }[] = [];
  for (const [repo, tags] of Object.entries(repositories)) {
    if (!isObject(tags)) continue;
    for (const [tag, id] of Object.entries(tags)) if (typeof id === 'string') refs.push({ ref: `${repo}:${tag}`, id });
  }
  if (refs.length === 0) throw new InputError('repositories names no image', store.label);
  const notes: string[] = ['an old-style save without manifest.json: the layer order comes from the parent links of each layer'];
  const chosen = options.image ? refs.find((r) => referenceMatches(r.ref, options.image!) || r.id.startsWith(options.image!)) : refs[0];
  if (!chosen) throw new InputError(`no image ${options.image} in this archive (it holds: ${refs.map((r) => r.ref).join(', ')})`, store.label);

  const chain: string[] = [];
  const seen = new Set<string>();
  let topJson: Record<string, unknown> | undefined;
  for (let id: string | undefined = chosen.id; id; ) {
    if (seen.has(id)) throw new InputError(`layer parent links loop at ${id}`, store.label);
    seen.add(id);
    if (!/^[a-f0-9]{64}$/.test(id)) throw new InputError(`malformed layer id ${JSON.stringify(id)}`, store.label);
    const json = await readJson(store, `${id}/json`);
    if (!isObject(json)) throw new InputError(`${id}/json is not a JSON object`, store.label);
    topJson ??= json;
    chain.unshift(id);
    id = typeof json.parent === 'string' ? json.parent : undefined;
  }
  const tags = refs.filter((r) => r.id === chosen.id).map((r) => r.ref);
  let config: Record<string, unknown> | undefined;
  let configDigest: string | undefined;
  for (const name of store.names().filter((n) => /^[a-f0-9]{64}\.json$/.test(n))) {
    const candidate = await readVerifiedJson(store, name, digestFromBlobName(name));
    const rootfs = isObject(candidate.value) ? candidate.value.rootfs : undefined;
    if (isObject(rootfs) && Array.isArray(rootfs.diff_ids) && rootfs.diff_ids.length === chain.length) {
      config = candidate.value as Record<string, unknown>;
      configDigest = candidate.digest;
      break;
    }
  }
  if (!config) {
    config = { ...topJson!, rootfs: undefined };
    notes.push('no image config in the archive: the config comes from the top layer\'s v1 json, and diff_ids cannot be checked');
  }
  return {
    format: 'docker-archive-v1',
    tags,
    configDigest,
    config,
    layers: chain.map((id) => ({ blob: `${id}/layer.tar` })),
    notes,
  };
}
