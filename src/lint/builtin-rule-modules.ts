/**
 * The built-in rule modules: every compiled file in dist/rules/ (next to dist/src/; this file is
 * dist/src/lint/builtin-rule-modules.js), imported one by one, so that adding a rule is adding a file.
 * The bundle `bin` runs (scripts/bundle.mjs) replaces this module with one that bundles the same files,
 * listed when it is built: importing 40 modules and the src/ modules they share one by one cost a small
 * image's analysis more than the analysis itself (issue 13).
 */
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importModule } from '../import-module.js';

/** A rule file and how to import it (an import error is reported with the file's name). */
export interface RuleModule {
  file: string;
  load(): Promise<{ default?: unknown }>;
}

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export function builtinRuleModules(): RuleModule[] {
  return readdirSync(BUILTIN_RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isFile() && extname(d.name) === '.js' && !d.name.endsWith('.d.ts'))
    .map((d) => join(BUILTIN_RULES_DIR, d.name))
    .sort()
    .map((file) => ({ file, load: () => importModule(pathToFileURL(file).href) }));
}
