import type { ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { loadConfig } from '../../lint/config.js';
import { loadAllRules } from '../../lint/load-rules.js';
import type { LoadedRule } from '../../lint/run-rules.js';
import type { RulesArgs } from '../commands/rules.js';
import { writeOutput } from '../io.js';

export async function rules(args: ArgumentsCamelCase<RulesArgs>): Promise<void> {
  const config = loadConfig({ configPath: args.config, cwd: process.cwd() });
  const dirs = [...config.rulesDirs, ...(args['rules-dir'] === undefined ? [] : [args['rules-dir']].flat())];
  const all = await loadAllRules(dirs);
  if (args.id === undefined) {
    await writeOutput(args.format === 'json' ? JSON.stringify(all.map(ruleJson), null, 2) + '\n' : listText(all), undefined);
    return;
  }
  const rule = all.find((r) => r.id === args.id);
  if (!rule) {
    const near = all.filter((r) => r.id.includes(args.id!) || args.id!.includes(r.id)).map((r) => r.id);
    throw new UsageError(`no rule "${args.id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; tsimage rules lists them`);
  }
  await writeOutput(args.format === 'json' ? JSON.stringify(ruleJson(rule), null, 2) + '\n' : docText(rule), undefined);
}

function ruleJson(rule: LoadedRule) {
  return { id: rule.id, category: rule.category, severity: rule.severity, description: rule.description, hadolint: rule.hadolint ?? [], buildkit: rule.buildkit ?? [], docs: rule.docs, ...(rule.file ? { file: rule.file } : {}) };
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
    // Right under the hadolint line when there is one, else after a blank line of its own.
    ...(rule.buildkit?.length ? [...(rule.hadolint?.length ? [] : ['']), `BuildKit: ${rule.buildkit.join(', ')}`] : []),
    ...(rule.file ? ['', `from ${rule.file}`] : []),
    '',
  ].join('\n');
}
