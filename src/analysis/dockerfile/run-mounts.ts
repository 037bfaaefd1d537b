/**
 * `RUN --mount=type=cache` leaves a mark BuildKit does not record in history: the mount point is created in
 * the layer as a new, empty directory, while whatever the command wrote there went to the cache instead.
 * Without the flag a rebuild fails (`echo x > /var/cache/app/stamp`: no such directory) or stores the cache.
 */
import type { Image, Layer } from '../../image/model.js';

/** Directories the runtime mounts or creates in every BuildKit RUN layer: never a cache target. */
const RUNTIME_DIRS = /^(?:dev|proc|sys|run|tmp|etc)(?:\/|$)/;

function existedBefore(image: Image, layerIndex: number, path: string): boolean {
  return image.layers.slice(0, layerIndex).some((l) => l.entries.some((e) => e.path === path));
}

/**
 * New empty directories of a RUN's layer that the command reaches into (`/d/…`): the likely targets of a
 * cache mount. Only for layers BuildKit made (the flag does not exist for the legacy builder).
 */
export function likelyCacheMounts(image: Image, layer: Layer, command: string): string[] {
  const dirs = layer.entries.filter((e) => e.type === 'directory' && !RUNTIME_DIRS.test(e.path));
  const targets: string[] = [];
  for (const dir of dirs) {
    const prefix = `${dir.path}/`;
    if (layer.entries.some((e) => e.path.startsWith(prefix))) continue;
    if (!command.includes(`/${prefix}`)) continue;
    if (existedBefore(image, layer.index, dir.path)) continue;
    targets.push(`/${dir.path}`);
  }
  return targets;
}
