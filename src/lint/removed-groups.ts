import type { RemovalCause, RemovedVersion } from '../image/filesystem.js';
import type { ImageCheckContext } from './rule.js';
import { isPackageBookkeeping } from './package-bookkeeping.js';
import { groupBy, isInheritedLayer } from './rule-helpers.js';

export interface RemovedGroup {
  writtenBy: number;
  removedBy: number;
  versions: RemovedVersion[];
  bytes: number;
  paths: string[];
}

/**
 * File versions hidden by a later layer, grouped by the pair of layers involved (the one to change is
 * one of them). Versions without bytes (directories, empty files, links) are no waste and are left out;
 * so are pairs where both layers belong to the base image, which the image's owner cannot change.
 */
export function removedGroups(ctx: ImageCheckContext, causes: readonly RemovalCause[]): RemovedGroup[] {
  const versions = ctx.tree.removed.filter((r) => causes.includes(r.cause) && r.bytes > 0
    && !(isInheritedLayer(ctx, r.writtenBy) && isInheritedLayer(ctx, r.removedBy))
    && !inheritedBookkeeping(ctx, r));
  const groups = groupBy(versions, (r) => `${r.writtenBy}>${r.removedBy}`);
  return [...groups.values()].map((list) => ({
    writtenBy: list[0].writtenBy,
    removedBy: list[0].removedBy,
    versions: list,
    bytes: list.reduce((sum, r) => sum + r.bytes, 0),
    paths: list.map((r) => r.path).sort(),
  }));
}

/**
 * A base image's package database, linker cache or account file that an own layer rewrote: any package
 * install or `useradd` on that base does it, and the base layer cannot be changed, so no fix applies.
 */
export function inheritedBookkeeping(ctx: ImageCheckContext, version: RemovedVersion): boolean {
  return isInheritedLayer(ctx, version.writtenBy) && !isInheritedLayer(ctx, version.removedBy) && isPackageBookkeeping(version.path);
}

/** Every such rewritten base file with bytes, whatever layer rewrote it and how (content or metadata). */
export function rewrittenBaseBookkeeping(ctx: ImageCheckContext): RemovedVersion[] {
  return ctx.tree.removed.filter((r) => (r.cause === 'overwritten' || r.cause === 'metadata-copy' || r.cause === 'type-change') && r.bytes > 0 && inheritedBookkeeping(ctx, r));
}
