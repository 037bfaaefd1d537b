/**
 * `--ignore RULE` (repeatable, as hadolint's): turns rules off for one run. A rule is named by its id or by a
 * hadolint code (DL3008), which turns off every rule that checks the same thing, so a hadolint command line
 * carries over. A name no loaded rule has is a usage error: a typo must not silently check nothing less.
 */
import { UsageError } from '../errors.js';
import type { LintConfig } from './config.js';
import type { LoadedRule } from './run-rules.js';

export function withIgnoredRules(config: LintConfig, rules: readonly LoadedRule[], names: readonly string[] | undefined): LintConfig {
  const list = (names ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
  if (list.length === 0) return config;
  const settings = { ...config.rules };
  for (const name of list) {
    const ids = rules.some((r) => r.id === name) ? [name] : rules.filter((r) => r.hadolint?.includes(name.toUpperCase())).map((r) => r.id);
    if (ids.length === 0) throw new UsageError(`--ignore: no such rule: ${name} (tsimage rules lists them; hadolint DL codes work too)`);
    for (const id of ids) settings[id] = { ...settings[id], enabled: false };
  }
  return { ...config, rules: settings };
}
