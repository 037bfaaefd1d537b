import type { Argv, ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { loadConfig } from '../../lint/config.js';
import { loadAllRules } from '../../lint/load-rules.js';
import type { LoadedRule } from '../../lint/run-rules.js';
import { writeOutput } from '../io.js';

interface RulesArgs {
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
  handler: async (args: ArgumentsCamelCase<RulesArgs>) => {
    const config = loadConfig({ configPath: args.config, cwd: process.cwd() });
    const dirs = [...config.rulesDirs, ...(args['rules-dir'] === undefined ? [] : [args['rules-dir']].flat())];
    const rules = await loadAllRules(dirs);
    if (args.id === undefined) {
      await writeOutput(args.format === 'json' ? JSON.stringify(rules.map(ruleJson), null, 2) + '\n' : listText(rules), undefined);
      return;
    }
    const rule = rules.find((r) => r.id === args.id);
    if (!rule) {
      const near = rules.filter((r) => r.id.includes(args.id!) || args.id!.includes(r.id)).map((r) => r.id);
      throw new UsageError(`no rule "${args.id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; tsimage rules lists them`);
    }
    await writeOutput(args.format === 'json' ? JSON.stringify(ruleJson(rule), null, 2) + '\n' : docText(rule), undefined);
  },
};

function ruleJson(rule: LoadedRule) {
  return { id: rule.id, category: rule.category, severity: rule.severity, description: rule.description, hadolint: rule.hadolint ?? [], docs: rule.docs, ...(rule.file ? { file: rule.file } : {}) };
}

function listText(rules: readonly LoadedRule[]): string {
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.category.padEnd(8)}  ${r.severity.padEnd(7)}  ${r.description}`);
  return [`${'ID'.padEnd(idWidth)}  CATEGORY  SEVERITY ${' '}DESCRIPTION`, ...lines, '', `${rules.length} rules. tsimage rules ID shows one rule's documentation.`, ''].join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

function docText(rule: LoadedRule): string {
  return [
    `${rule.id}  (${rule.category}, default severity ${rule.severity})`,
    '',
    rule.description,
    '',
    rule.docs.why,
    '',
    'Bad:',
    indent(rule.docs.bad),
    '',
    'Good:',
    indent(rule.docs.good),
    ...(rule.hadolint?.length ? ['', `hadolint: ${rule.hadolint.join(', ')}`] : []),
    ...(rule.file ? ['', `from ${rule.file}`] : []),
    '',
  ].join('\n');
}
