import type { Argv, ArgumentsCamelCase } from 'yargs';

export interface MergeArgs {
  reports: string[];
  format?: string | string[];
  output?: string;
  baseline?: string;
}

/** `tsimage merge A.json B.json …`: the shards of a batch as the one report the whole list would give. */
export const mergeCommand = {
  command: 'merge <reports..>',
  describe: 'combine the fleet reports of a sharded batch (--format json) into one; names what is missing',
  builder: (yargs: Argv) =>
    yargs
      .positional('reports', { type: 'string', array: true, demandOption: true, describe: 'fleet reports written by tsimage batch --format json' })
      .option('format', { alias: 'f', type: 'string', default: 'text', describe: 'report format: text|json|markdown|html; FORMAT=FILE writes that format to FILE (repeatable)' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' })
      .option('baseline', { type: 'string', describe: 'an earlier fleet report: report per image what got better or worse' })
      .epilog(`Exit codes:
  0  every list entry covered, every gate passed
  1  some image's gate failed
  2  a report is unreadable or of another list, a shard or image is missing, or an image could not be read`),
  handler: async (args: ArgumentsCamelCase<MergeArgs>) => (await import('../handlers/merge.js')).merge(args),
};
