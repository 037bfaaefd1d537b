/**
 * Lint an analyzed image: load the config's extra rules, run every rule, apply ignores and the baseline,
 * and judge the gate. Pure apart from reading rule and baseline files: it never prints and never exits.
 */
import type { AnalyzedImage } from '../analysis/report.js';
import { readBaseline } from './baseline.js';
import { checkRuleIds, emptyConfig, type FailOn, type LintConfig, type Thresholds } from './config.js';
import { evaluateGate, type GateResult } from './gate.js';
import { instructionsOfImage } from './instructions.js';
import { withIgnoredRules } from './ignore-rules.js';
import { loadAllRules } from './load-rules.js';
import type { RuleInstruction } from './rule.js';
import { runRules, type LintResult, type LoadedRule } from './run-rules.js';

export interface LintOptions {
  config?: LintConfig;
  /** More rule directories (--rules-dir), on top of the config's. */
  rulesDirs?: string[];
  /** A baseline file (--baseline); overrides the config's. */
  baseline?: string;
  /** Overrides the config's failOn; default `error`. */
  failOn?: FailOn;
  /** Overrides the config's thresholds, key by key. */
  thresholds?: Thresholds;
  /**
   * The instructions rules point at. Default: the report's reconstructed Dockerfile instructions, else
   * read from the history (src/lint/instructions.ts).
   */
  instructions?: RuleInstruction[];
  /** Already loaded rules (tests); default: the built-in ones plus the rule directories'. */
  rules?: LoadedRule[];
  /** Rules turned off for this run (`--ignore`): ids or hadolint DL codes. */
  ignoreRules?: readonly string[];
  /** Findings listed in full per rule, then one summary (src/lint/finding-cap.ts); 0 lists all. */
  maxFindingsPerRule?: number;
}

export interface LintOutcome extends LintResult {
  gate: GateResult;
  rules: LoadedRule[];
  /** The config the rules ran with (`--ignore` applied). */
  config: LintConfig;
}

export async function lintImage(analyzed: AnalyzedImage, options: LintOptions = {}): Promise<LintOutcome> {
  const loaded = options.config ?? emptyConfig();
  const rules = options.rules ?? (await loadAllRules([...loaded.rulesDirs, ...(options.rulesDirs ?? [])]));
  checkRuleIds(loaded, new Set(rules.map((r) => r.id)));
  const config = withIgnoredRules(loaded, rules, options.ignoreRules);
  const baselineFile = options.baseline ?? config.baseline;
  const baseline = baselineFile ? readBaseline(baselineFile) : undefined;
  const instructions = options.instructions ?? reconstructedInstructions(analyzed.report) ?? instructionsOfImage(analyzed.image);
  const result = runRules({ ...analyzed, instructions }, rules, { config, baseline, maxFindingsPerRule: options.maxFindingsPerRule });
  const gate = evaluateGate(analyzed.report, result.findings, {
    failOn: options.failOn ?? config.failOn ?? 'error',
    thresholds: { ...config.thresholds, ...definedOnly(options.thresholds ?? {}) },
    suppressed: result.suppressed.length,
  });
  return { ...result, gate, rules, config };
}

/**
 * The Dockerfile reconstruction's records (issue 3) for the history entries: they name COPY sources from the
 * layers and strip custom shells, so findings quote the line a user would write. Records the config alone
 * gave have no layer or history entry to point at; the rules read the config for those.
 */
function reconstructedInstructions(report: AnalyzedImage['report']): RuleInstruction[] | undefined {
  const records = report.instructions?.filter((i) => i.origin === 'history');
  return records && records.length > 0 ? records : undefined;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
