/**
 * The rule engine: runs each enabled rule's image check, applies the config (severity, ignored paths,
 * accepted findings) and the baseline, and returns the findings most serious first.
 */
import { findSecrets, maskSecrets } from '../analysis/secrets.js';
import { InputError } from '../errors.js';
import type { LintConfig } from './config.js';
import { emptyConfig } from './config.js';
import { findingFingerprint } from './fingerprint.js';
import { pathMatcher } from './glob.js';
import { FindingCap } from './finding-cap.js';
import { builtFinding, isDeferred, type DeferredFinding, type ImageCheckContext, type Report, type Rule } from './rule.js';
import { SEVERITY_ORDER, type Finding, type Severity } from './types.js';

/** A rule plus where it came from: user rules (--rules-dir) report their failures as input errors. */
export type LoadedRule = Rule & { file?: string };

export interface SuppressedFinding {
  finding: Finding;
  /** `ignore` (config, with its reason) or `baseline`. */
  by: 'ignore' | 'baseline';
  reason: string;
}

export interface LintResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

export interface RunRulesOptions {
  config?: LintConfig;
  /** Fingerprints of accepted findings. */
  baseline?: ReadonlySet<string>;
  /** Findings listed in full per rule (per rule and file for source checks); 0 lists all. Default 100. */
  maxFindingsPerRule?: number;
}

/** Severity first (what blocks a merge), then bytes saved, then rule id and path so the order is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]
    || (b.bytes ?? 0) - (a.bytes ?? 0)
    || a.ruleId.localeCompare(b.ruleId)
    || (a.layerIndex ?? -1) - (b.layerIndex ?? -1)
    || (a.paths[0] ?? '').localeCompare(b.paths[0] ?? '');
}

/**
 * Runs one rule's check and turns what it reports into findings with the configured severity. A crash names
 * the rule (and, for a user's rule, its file: exit 2) instead of surfacing as an internal error.
 */
export function collectFindings(rule: LoadedRule, severity: Severity | undefined, check: (report: Report) => void, where?: string, countOnly?: (pending: Omit<DeferredFinding, 'build'>, built: number) => boolean): Finding[] {
  const findings: Finding[] = [];
  try {
    check((reported) => {
      // A deferred finding the engine can count without its text (past the cap, nothing to match it against).
      if (countOnly && isDeferred(reported) && countOnly(reported, findings.length)) return;
      const { severity: reportedSeverity, ...rest } = builtFinding(reported);
      // The severity goes after what the rule reported whether or not the rule set one, so a finding's JSON
      // keys keep one order (reports and their goldens are compared byte for byte).
      findings.push({ ruleId: rule.id, category: rule.category, ...rest, severity: severity ?? reportedSeverity ?? rule.severity, paths: rest.paths ?? [] });
    });
  } catch (error) {
    const message = `rule ${rule.id} failed${where ? ` on ${where}` : ''}: ${(error as Error)?.message ?? String(error)}`;
    if (rule.file) throw new InputError(message, rule.file);
    throw new Error(message, { cause: error });
  }
  return findings;
}

export function runRules(ctx: ImageCheckContext, rules: readonly LoadedRule[], options: RunRulesOptions = {}): LintResult {
  const config = options.config ?? emptyConfig();
  const ignoredPath = pathMatcher(config.ignorePaths);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  // A finding may quote an instruction or a value: masked at birth, so its fingerprint, the baseline file and
  // every report see the same masked text, whatever --show-secrets says.
  const secrets = findSecrets(ctx.image);
  const cap = new FindingCap(options.maxFindingsPerRule);
  for (const rule of rules) {
    const setting = config.rules[rule.id] ?? {};
    if (setting.enabled === false || !rule.check) continue;
    const ignores = config.ignore.filter((i) => i.rule === rule.id);
    const ruleFindings: Finding[] = [];
    for (const finding of maskSecrets(collectFindings(rule, setting.severity, (report) => rule.check!(ctx, report)), secrets)) {
      const kept = withoutIgnoredPaths(finding, ignoredPath);
      if (!kept) continue;
      const ignore = ignores.find((i) => !i.paths || (kept.paths.length > 0 && kept.paths.every(pathMatcher(i.paths))));
      if (ignore) { suppressed.push({ finding: kept, by: 'ignore', reason: ignore.reason }); continue; }
      if (options.baseline?.has(findingFingerprint(kept))) { suppressed.push({ finding: kept, by: 'baseline', reason: 'in the baseline' }); continue; }
      ruleFindings.push(kept);
    }
    // The cap keeps the rule's most serious findings: its own findings sorted as the report sorts them.
    ruleFindings.sort(compareFindings);
    for (const finding of ruleFindings) {
      if (cap.hasRoom(rule.id)) { cap.keep(rule.id); findings.push(finding); } else cap.count(finding);
    }
  }
  for (const summary of cap.summaries()) findings.push(summary);
  findings.sort(compareFindings);
  return { findings, suppressed };
}

/**
 * Drops the ignored paths from a finding's evidence; a finding left with no evidence goes. Bytes stay as
 * measured: the rule reported one figure for the whole group.
 */
function withoutIgnoredPaths(finding: Finding, ignored: (path: string) => boolean): Finding | undefined {
  if (finding.paths.length === 0) return finding;
  const paths = finding.paths.filter((p) => !ignored(p));
  if (paths.length === 0) return undefined;
  return paths.length === finding.paths.length ? finding : { ...finding, paths };
}
