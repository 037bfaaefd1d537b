/**
 * Finds rule files: the built-in ones (every module in rules/, compiled to dist/rules/) and the user's
 * (--rules-dir, config `rulesDir`). Both are plain modules whose default export is a rule object, the same
 * shape `defineRule` checks; a directory scan means adding a rule is adding one file.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { BUILTIN_RULES_DIR, builtinRuleModules, type RuleModule } from './builtin-rule-modules.js';
import type { LoadedRule } from './run-rules.js';
import type { Category, Severity } from './types.js';
import { importModule } from '../import-module.js';

const CATEGORIES: readonly Category[] = ['bloat', 'security', 'hygiene', 'layering'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export { BUILTIN_RULES_DIR };

let builtinCache: Promise<LoadedRule[]> | undefined;

/** Every built-in rule, sorted by id. A broken built-in rule is a bug, so it throws a plain Error. */
export function loadBuiltinRules(): Promise<LoadedRule[]> {
  builtinCache ??= loadRuleModules(builtinRuleModules(), false);
  return builtinCache;
}

/** The rules of a user directory: `.js` / `.mjs` files (compile TypeScript rules first). */
export async function loadUserRules(dir: string): Promise<LoadedRule[]> {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (error) {
    throw new InputError(`cannot read the rules directory (${(error as NodeJS.ErrnoException).code ?? error})`, dir);
  }
  if (!isDir) throw new InputError('not a directory (--rules-dir takes a directory of rule files)', dir);
  const rules = await loadRuleModules(ruleFiles(abs, ['.js', '.mjs']), true);
  if (rules.length === 0) throw new InputError('no rule files (.js or .mjs exporting a rule as default) in the rules directory', dir);
  return rules;
}

/** Built-in rules plus the user's, refusing two rules with one id. */
export async function loadAllRules(userDirs: readonly string[] = []): Promise<LoadedRule[]> {
  const all = [...(await loadBuiltinRules())];
  const seen = new Map(all.map((r) => [r.id, r.file ?? 'built-in']));
  for (const dir of userDirs) {
    for (const rule of await loadUserRules(dir)) {
      const other = seen.get(rule.id);
      if (other) throw new InputError(`rule id "${rule.id}" is already taken by ${other === 'built-in' ? 'a built-in rule' : other}`, rule.file);
      seen.set(rule.id, rule.file ?? dir);
      all.push(rule);
    }
  }
  return all;
}

function ruleFiles(dir: string, extensions: string[]): RuleModule[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && extensions.includes(extname(d.name)) && !d.name.endsWith('.d.ts'))
    .map((d) => join(dir, d.name))
    .sort()
    .map((file) => ({ file, load: () => importModule(pathToFileURL(file).href) }));
}

async function loadRuleModules(modules: readonly RuleModule[], user: boolean): Promise<LoadedRule[]> {
  const rules: LoadedRule[] = [];
  for (const { file, load } of modules) {
    let mod: { default?: unknown };
    try {
      mod = await load();
    } catch (error) {
      const message = `cannot load the rule file: ${(error as Error)?.message?.split('\n')[0] ?? error}`;
      if (user) throw new InputError(message, file);
      throw new Error(`${file}: ${message}`, { cause: error });
    }
    // Built-in rule files may be helpers without a default export; a user's file must be a rule.
    if (mod.default === undefined && !user) continue;
    const problem = ruleProblem(mod.default);
    if (problem) {
      if (user) throw new InputError(`not a valid rule: ${problem}`, file);
      throw new Error(`${file}: not a valid rule: ${problem}`);
    }
    const rule = mod.default as LoadedRule;
    if (user) rules.push({ ...rule, file });
    else rules.push(rule);
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}

/** What is wrong with a rule object, in words a rule author can act on; undefined when it is fine. */
export function ruleProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the default export must be a rule object ({ id, category, severity, description, docs, check })';
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || !RULE_ID.test(r.id)) return `id must be kebab-case (got ${JSON.stringify(r.id)})`;
  if (!CATEGORIES.includes(r.category as Category)) return `${r.id}: category must be one of ${CATEGORIES.join(', ')} (got ${JSON.stringify(r.category)})`;
  if (!SEVERITIES.includes(r.severity as Severity)) return `${r.id}: severity must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(r.severity)})`;
  if (typeof r.description !== 'string' || !r.description.trim()) return `${r.id}: description must be a one-line string`;
  const docs = r.docs as Record<string, unknown> | undefined;
  if (typeof docs !== 'object' || docs === null || ['why', 'bad', 'good'].some((k) => typeof docs[k] !== 'string')) return `${r.id}: docs must be { why, bad, good } strings`;
  if (typeof r.check !== 'function' && typeof r.checkSource !== 'function') return `${r.id}: check(ctx, report) or checkSource(dockerfile, report) must be a function`;
  if (r.check !== undefined && typeof r.check !== 'function') return `${r.id}: check must be a function`;
  return undefined;
}
