/**
 * The CI-gate half of `analyze`: --fail-on, the thresholds, --config, --rules-dir, --baseline and
 * --write-baseline. Runs the rules, puts the findings in the report and returns the exit code; the gate's
 * reasons go to stderr (stdout stays the report).
 */
import { writeFileSync } from 'node:fs';
import type { AnalysisReport, AnalyzedImage } from '../analysis/report.js';
import { InputError, UsageError } from '../errors.js';
import { serializeBaseline } from '../lint/baseline.js';
import { FAIL_ON_VALUES, loadConfig, parseThreshold, type FailOn, type Thresholds } from '../lint/config.js';
import { lintImage } from '../lint/lint-image.js';
import type { RuleInfo, Verdict } from '../report/findings.js';
import { findingsAtOrAbove } from '../lint/gate.js';
import { countFindings } from '../lint/finding-cap.js';
import { compareFindings, type LoadedRule, type SuppressedFinding } from '../lint/run-rules.js';
import type { Finding } from '../lint/types.js';
import type { LintConfig } from '../lint/config.js';
import { exitCodeFor } from './exit-code.js';
import type { GateArgs } from './options.js';
import { log } from './io.js';


/** Flag name → threshold key. No yargs defaults: an unset flag leaves the config's value in force. */
const THRESHOLD_FLAGS = {
  'max-size': 'maxSize',
  'max-layers': 'maxLayers',
  'min-efficiency': 'minEfficiency',
  'max-wasted-bytes': 'maxWastedBytes',
  'max-wasted-percent': 'maxWastedPercent',
} as const satisfies Record<string, keyof Thresholds>;


export interface GateRun {
  report: AnalysisReport;
  rules: RuleInfo[];
  verdict: Verdict;
  failOn: FailOn;
  exitCode: 0 | 1;
}

/** Adds findings from another source (issue 8: the Dockerfile's source checks) before the gate is judged. */
export type ExtraFindings = (findings: Finding[], context: { rules: LoadedRule[]; config: LintConfig; baseline?: string; maxFindingsPerRule?: number }) => Promise<{ findings: Finding[]; suppressed: SuppressedFinding[] }>;

/** `logLine`: where the gate's lines go (stderr; batch gathers them per image instead). */
export async function runGate(analyzed: AnalyzedImage, args: GateArgs, cwd = process.cwd(), extra?: ExtraFindings, logLine: (line: string) => void = log): Promise<GateRun> {
  const failOn = args['fail-on'];
  if (failOn !== undefined && !FAIL_ON_VALUES.includes(failOn as FailOn)) throw new UsageError(`--fail-on: expected one of ${FAIL_ON_VALUES.join(', ')}, got ${failOn}`);
  const thresholds: Thresholds = {};
  for (const [flag, key] of Object.entries(THRESHOLD_FLAGS)) {
    const value = args[flag as keyof typeof THRESHOLD_FLAGS];
    if (value === undefined) continue;
    const parsed = parseThreshold(key, value);
    if (typeof parsed === 'string') throw new UsageError(`--${flag}: ${parsed}`);
    thresholds[key] = parsed;
  }
  const config = loadConfig({ configPath: args.config, cwd });
  const rulesDirs = args['rules-dir'] === undefined ? [] : [args['rules-dir']].flat();
  const writing = args['write-baseline'];
  const maxPerRule = maxFindingsPerRule(args['max-findings-per-rule'], Boolean(writing));
  const outcome = await lintImage(analyzed, {
    maxFindingsPerRule: maxPerRule,
    config,
    rulesDirs,
    // Writing a baseline records every current finding, so the old one must not hide any.
    baseline: writing ? undefined : args.baseline,
    failOn: failOn as FailOn | undefined,
    thresholds,
    ignoreRules: ignoredRules(args.ignore),
  });
  let findings = outcome.findings;
  if (extra) {
    const added = await extra(findings, { rules: outcome.rules, config: outcome.config, baseline: writing ? undefined : args.baseline ?? config.baseline, maxFindingsPerRule: maxPerRule });
    // The source checks' findings join the list: sorted again, so `findings` stays most serious first.
    findings = [...added.findings].sort(compareFindings);
    for (const s of added.suppressed) outcome.suppressed.push(s);
    const failing = countFindings(findingsAtOrAbove(findings, outcome.gate.failOn));
    const failures = outcome.gate.failures.filter((f) => !f.startsWith('fail-on '));
    if (failing > 0) failures.unshift(`fail-on ${outcome.gate.failOn}: ${failing} finding${failing === 1 ? '' : 's'} at or above ${outcome.gate.failOn}`);
    outcome.gate = { ...outcome.gate, failures, failingFindings: failing, passed: failures.length === 0, suppressed: outcome.suppressed.length };
  }
  if (writing) {
    writeBaselineFile(writing, findings);
    findings = [];
  }
  const gate = writing ? { ...outcome.gate, failures: outcome.gate.failures.filter((f) => !f.startsWith('fail-on ')), failingFindings: 0 } : outcome.gate;
  const exitCode = exitCodeFor(findings, gate.thresholds, gate.failOn);
  for (const check of gate.thresholds) logLine(`${check.passed ? 'ok' : 'FAILED'}  ${check.message}`);
  if (outcome.suppressed.length > 0) {
    const byIgnore = outcome.suppressed.filter((s) => s.by === 'ignore').length;
    logLine(`note: ${outcome.suppressed.length} finding${outcome.suppressed.length === 1 ? '' : 's'} accepted (${byIgnore} by config ignores, ${outcome.suppressed.length - byIgnore} by the baseline)`);
  }
  const failures = exitCode === 0 ? [] : gate.failures;
  if (failures.length > 0) logLine(`tsimage: gate failed: ${failures.join('; ')}`);
  const verdict: Verdict = exitCode === 0
    ? { passed: true, reason: gatePassedReason(countFindings(findings), gate.failOn) }
    : { passed: false, reason: failures.join('; ') };
  const rules: RuleInfo[] = outcome.rules.map(({ id, category, severity, description, docs }) => ({ id, category, severity: outcome.config.rules[id]?.severity ?? severity, description, docs }));
  return {
    report: {
      ...analyzed.report,
      findings,
      gate: { passed: exitCode === 0, failOn: gate.failOn, failures, thresholds: gate.thresholds, accepted: outcome.suppressed.length },
    },
    rules,
    verdict,
    failOn: gate.failOn,
    exitCode,
  };
}

/** `--ignore` given once is a string, given several times an array. */
export function ignoredRules(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : [value].flat().map(String);
}

function gatePassedReason(count: number, failOn: FailOn): string {
  if (count === 0) return 'no findings';
  return failOn === 'none' ? `${count} finding${count === 1 ? '' : 's'} (--fail-on none)` : `nothing at or above ${failOn}`;
}

/** `--write-baseline FILE`: today's findings become accepted ones; the run that writes it does not fail on them. */
export function writeBaselineFile(file: string, findings: Finding[]): void {
  try {
    writeFileSync(file, serializeBaseline(findings));
  } catch (error) {
    throw new InputError(`cannot write the baseline (${(error as NodeJS.ErrnoException).code ?? error})`, file);
  }
  log(`wrote ${findings.length} finding${findings.length === 1 ? '' : 's'} to the baseline ${file}`);
}

/** `--max-findings-per-rule`: a whole number, 0 for no limit. A baseline being written records every finding. */
export function maxFindingsPerRule(value: number | undefined, writingBaseline: boolean): number | undefined {
  if (writingBaseline) return 0;
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`--max-findings-per-rule: expected a whole number (0 for no limit), got ${value}`);
  return value;
}
