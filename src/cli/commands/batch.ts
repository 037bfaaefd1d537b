import type { Argv, ArgumentsCamelCase } from 'yargs';
import { imageReadOptions, ruleSelectionOptions, thresholdOptions, type GateArgs, type ImageInputArgs } from '../options.js';

export interface BatchArgs extends Omit<ImageInputArgs, 'archive' | 'image'>, Omit<GateArgs, 'baseline' | 'write-baseline'> {
  list: string;
  shard?: string;
  'shard-count'?: number;
  concurrency: number;
  format?: string | string[];
  output?: string;
  baseline?: string;
  rehash: boolean;
}

export const BATCH_EXIT_CODES = `Exit codes:
  0  every image read, every gate passed
  1  some image's gate failed (findings at or above --fail-on, or a threshold)
  2  usage error, or some image could not be read (its row says why; the others are still reported)`;

/** `tsimage batch LIST`: many images, one fleet report (docs/batch.md). */
export const batchCommand = {
  command: 'batch <list>',
  describe: 'analyze every image of a list (a file, or - for stdin) into one fleet report; shardable, cached',
  builder: (yargs: Argv) =>
    thresholdOptions(ruleSelectionOptions(imageReadOptions(yargs
      .positional('list', { type: 'string', demandOption: true, describe: 'one archive path or image reference a line (# comments); relative paths are taken from the list file\'s folder' }))))
      .option('shard', { type: 'string', describe: 'analyze only shard I of N (I counts from 0): the entries at list positions p with p % N == I' })
      .option('shard-count', { type: 'number', describe: 'N shards, with I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) when --shard is absent' })
      .option('concurrency', { alias: 'j', type: 'number', default: 2, describe: 'images analysed at once (each also scans its large layers in parallel)' })
      .option('format', { alias: 'f', type: 'string', default: 'text', describe: 'report format: text|json|markdown|html; FORMAT=FILE writes that format to FILE (repeatable)' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' })
      .option('baseline', { type: 'string', describe: 'an earlier fleet report (--format json): report per image what got better or worse' })
      .option('rehash', { type: 'boolean', default: false, describe: 'hash every layer again, even of an archive file unchanged (same inode, size, mtime, ctime) since its kept row was verified' })
      .epilog(BATCH_EXIT_CODES),
  handler: async (args: ArgumentsCamelCase<BatchArgs>) => (await import('../handlers/batch.js')).batch(args),
};
