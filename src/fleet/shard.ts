/**
 * Sharding a fleet list: shard I of N takes the entries whose position p has p % N === I (round robin, so
 * shards balance even when a list is sorted by size or team). The same rule lets `merge` name the entries of
 * a shard that wrote nothing.
 */
import { UsageError } from '../errors.js';
import type { FleetListEntry, ShardInfo } from './types.js';

export function shardOf(position: number, count: number): number {
  return position % count;
}

export function shardEntries(list: readonly FleetListEntry[], shard: ShardInfo | undefined): FleetListEntry[] {
  if (!shard) return [...list];
  return list.filter((entry) => shardOf(entry.position, shard.count) === shard.index);
}

const COUNT_LIMIT = 10_000;

/**
 * `--shard I/N` (0-based I), or I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job sets it in each pod)
 * with N from `--shard-count`. Neither: no sharding.
 */
export function resolveShard(shardFlag: string | undefined, shardCount: number | undefined, env: NodeJS.ProcessEnv = process.env): ShardInfo | undefined {
  if (shardFlag !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(shardFlag.trim());
    if (!match) throw new UsageError(`--shard: expected I/N such as 0/4 (shard I, counted from 0, of N), got ${shardFlag}`);
    const shard = checked(Number(match[1]), Number(match[2]), '--shard');
    if (shardCount !== undefined && shardCount !== shard.count) throw new UsageError(`--shard ${shardFlag} contradicts --shard-count ${shardCount}`);
    return shard;
  }
  if (shardCount === undefined) return undefined;
  const fromEnv = env.JOB_COMPLETION_INDEX;
  if (fromEnv === undefined || fromEnv === '') throw new UsageError('--shard-count: the shard index comes from --shard I/N or JOB_COMPLETION_INDEX, and neither is set');
  if (!/^\d+$/.test(fromEnv.trim())) throw new UsageError(`JOB_COMPLETION_INDEX: expected a whole number, got ${fromEnv}`);
  return checked(Number(fromEnv.trim()), shardCount, 'JOB_COMPLETION_INDEX');
}

function checked(index: number, count: number, what: string): ShardInfo {
  if (!Number.isInteger(count) || count < 1 || count > COUNT_LIMIT) throw new UsageError(`${what}: the shard count must be 1 to ${COUNT_LIMIT}, got ${count}`);
  if (!Number.isInteger(index) || index >= count) throw new UsageError(`${what}: shard index ${index} is not below the shard count ${count} (indexes count from 0)`);
  return { index, count };
}
