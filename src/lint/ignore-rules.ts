/**
 * `--ignore RULE` (repeatable, as hadolint's): turns rules off for one run. A rule is named by its id, a
 * hadolint code (DL3008) or a BuildKit check name (StageNameCasing), which turns off every rule that checks
 * the same thing, so a hadolint or `docker build --check` habit carries over. A name no loaded rule has is a usage error: a typo must not silently check nothing less.
 */
import { UsageError } from '../errors.js';
import type { LintConfig } from './config.js';
import { rulesNamed } from './rule-names.js';
import type { LoadedRule } from './run-rules.js';

export function withIgnoredRules(config: LintConfig, rules: readonly LoadedRule[], names: readonly string[] | undefined): LintConfig {
  const list = (names ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
  if (list.length === 0) return config;
  const settings = { ...config.rules };
  for (const name of list) {
    const ids = rulesNamed(rules, name).map((r) => r.id);
    if (ids.length === 0) throw new UsageError(`--ignore: no such rule: ${name} (tsimage rules lists them; hadolint DL codes and BuildKit check names work too)`);
    for (const id of ids) settings[id] = { ...settings[id], enabled: false };
  }
  return { ...config, rules: settings };
}
