/**
 * What a rule may be called by: its own id, a hadolint code (DL3008) or a BuildKit check name
 * (StageNameCasing). One name can mean several rules (hadolint's DL3008 and BuildKit's checks each map to
 * the rules that check the same thing), so a hadolint or BuildKit command line carries over.
 */
import type { LoadedRule } from './run-rules.js';

/** The rules a name means: the rule with that id, else those with that hadolint code or BuildKit name (any case). */
export function rulesNamed(rules: readonly LoadedRule[], name: string): LoadedRule[] {
  const own = rules.filter((r) => r.id === name);
  if (own.length > 0) return own;
  const upper = name.toUpperCase();
  return rules.filter((r) => r.hadolint?.includes(upper) || r.buildkit?.some((b) => b.toUpperCase() === upper));
}
