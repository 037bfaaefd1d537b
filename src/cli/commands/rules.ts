import type { Argv, ArgumentsCamelCase } from 'yargs';

export interface RulesArgs {
  id?: string;
  format: string;
  'rules-dir'?: string | string[];
  config?: string;
}

export const rulesCommand = {
  command: 'rules [id]',
  describe: 'list every rule, or show the documentation of one',
  builder: (yargs: Argv) =>
    yargs
      .positional('id', { type: 'string', describe: 'a rule id: show its documentation' })
      .option('format', { alias: 'f', type: 'string', choices: ['text', 'json'], default: 'text', describe: 'text, or json for tools' })
      .option('rules-dir', { type: 'string', describe: 'also list the rules in this directory (repeatable)' })
      .option('config', { type: 'string', describe: 'config file whose rulesDir entries to include (default: the nearest one)' }),
  handler: async (args: ArgumentsCamelCase<RulesArgs>) => (await import('../handlers/rules.js')).rules(args),
};
