/**
 * The source half of the rule engine: runs each enabled rule's `checkSource` on a parsed Dockerfile and
 * applies, in order, the Dockerfile's own inline ignores (`# tsimage ignore=...`, hadolint's
 * `# hadolint ignore=DL3008`, BuildKit's `# check=skip=...` directive), the config (severity, off, ignores
 * with reasons) and the baseline. BuildKit's `# check=error=true` makes its checks' findings errors.
 */
import { instructionAtLine, type ParsedDockerfile } from '../dockerfile/parse.js';
import { enabledByDirective, readCheckDirective, skippedByDirective } from './check-directive.js';
import { emptyConfig } from './config.js';
import { findingFingerprint } from './fingerprint.js';
import { rulesNamed } from './rule-names.js';
import { collectFindings, type LintResult, type LoadedRule, type RunRulesOptions, type SuppressedFinding } from './run-rules.js';
import type { BuildContextFacts, BuiltImageFacts } from './rule.js';
import { DEFAULT_MAX_FINDINGS_PER_RULE, FindingCap } from './finding-cap.js';
import type { Finding } from './types.js';

/**
 * `# tsimage ignore=a,b`, `# tsimage global ignore=a`, and hadolint's same two spellings; either names rules
 * by id, DL code or BuildKit check name.
 */
const PRAGMA = /^(tsimage|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+?)\s*$/;

export interface InlineIgnores {
  /** Rule ids ignored for the whole file, with the line of the comment that says so. */
  global: Map<string, number>;
  /** Instruction start line → rule ids ignored there (with the comment's line). */
  byInstruction: Map<number, Map<string, number>>;
  /** Every rule id some instruction's pragma names. */
  rules: Set<string>;
}

/** The rule ids a pragma names: ids (a user rule not loaded yet stays as written), DL codes, BuildKit names. */
function idsOf(list: string, rules: readonly LoadedRule[]): string[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  return names.flatMap((name) => {
    const named = rulesNamed(rules, name).map((r) => r.id);
    return named.length > 0 ? named : [name];
  });
}

export function readInlineIgnores(df: ParsedDockerfile, rules: readonly LoadedRule[]): InlineIgnores {
  const global = new Map<string, number>();
  const byInstruction = new Map<number, Map<string, number>>();
  for (const comment of df.comments) {
    const match = PRAGMA.exec(comment.text);
    if (!match || !match[2]) continue;
    for (const id of idsOf(match[3], rules)) global.set(id, comment.line);
  }
  // `# check=skip=...` at the top of the file: the whole file, as BuildKit reads it.
  const directive = readCheckDirective(df);
  for (const rule of rules) if (skippedByDirective(directive, rule.buildkit) && !global.has(rule.id)) global.set(rule.id, directive!.line);
  for (const ins of df.instructions) {
    if (ins.comments.length === 0) continue;
    // As hadolint: the pragma sits in the comments right above the instruction (no blank line between).
    const own = new Map<string, number>();
    for (const comment of ins.comments) {
      const match = PRAGMA.exec(comment.text);
      if (!match || match[2] || comment.line > ins.startLine) continue;
      for (const id of idsOf(match[3], rules)) own.set(id, comment.line);
    }
    if (own.size > 0) byInstruction.set(ins.startLine, own);
  }
  const named = new Set<string>();
  for (const own of byInstruction.values()) for (const id of own.keys()) named.add(id);
  return { global, byInstruction, rules: named };
}

export interface SourceLintOptions extends RunRulesOptions {
  /** The path findings name (`file`). */
  file: string;
  /** What is known of the image this Dockerfile built, when it is analyzed with it. */
  built?: BuiltImageFacts;
  /** What is known of the build context (its .dockerignore), when the Dockerfile was read from disk. */
  context?: BuildContextFacts;
}

/** Runs the source checks on one Dockerfile. Findings come back in file order. */
export function runSourceRules(df: ParsedDockerfile, rules: readonly LoadedRule[], options: SourceLintOptions): LintResult {
  const config = options.config ?? emptyConfig();
  const inline = readInlineIgnores(df, rules);
  const directive = readCheckDirective(df);
  const errorChecks = directive?.error === true;
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const cap = new FindingCap(options.maxFindingsPerRule);
  const limit = options.maxFindingsPerRule ?? DEFAULT_MAX_FINDINGS_PER_RULE;
  for (const rule of rules) {
    const setting = config.rules[rule.id] ?? {};
    if (setting.enabled === false || !rule.checkSource) continue;
    if (rule.experimental && setting.enabled !== true && !enabledByDirective(directive, rule.buildkit)) continue;
    const ignores = config.ignore.filter((i) => i.rule === rule.id && !i.paths);
    const severityOf = (reported: Finding['severity'] | undefined) => (errorChecks && rule.buildkit?.length ? 'error' : setting.severity ?? reported ?? rule.severity);
    // Nothing can suppress this rule's findings here (no ignore, inline or in the config, and no baseline): every
    // finding it builds is kept, so past the cap a deferred finding is only counted, never built.
    const unsuppressable = !options.baseline && ignores.length === 0 && !inline.global.has(rule.id) && !inline.rules.has(rule.id);
    const countOnly = unsuppressable && limit > 0
      ? (pending: { line?: number; endLine?: number; bytes?: number; severity?: Finding['severity'] }, built: number) => {
        // Every finding built so far will be kept (nothing suppresses them), so `built` is the rule's count.
        if (built < limit) return false;
        cap.count({ ruleId: rule.id, category: rule.category, severity: severityOf(pending.severity), bytes: pending.bytes, file: options.file, line: pending.line, endLine: pending.endLine });
        return true;
      }
      : undefined;
    for (const collected of collectFindings(rule, setting.severity, (report) => rule.checkSource!(df, report, options.built, options.context), options.file, countOnly)) {
      // Set on the fresh object collectFindings made rather than spread into another: one object per finding.
      const finding: Finding = Object.assign(collected, { file: options.file });
      // `# check=error=true`: BuildKit fails the build on any of its checks; the gate does the same.
      if (errorChecks && rule.buildkit?.length) finding.severity = 'error';
      const ins = instructionAtLine(df, finding.line);
      const inlineLine = inline.global.get(rule.id) ?? (ins ? inline.byInstruction.get(ins.startLine)?.get(rule.id) : undefined);
      if (inlineLine !== undefined) { suppressed.push({ finding, by: 'ignore', reason: `inline ignore at ${options.file}:${inlineLine}` }); continue; }
      const ignore = ignores[0];
      if (ignore) { suppressed.push({ finding, by: 'ignore', reason: ignore.reason }); continue; }
      if (options.baseline?.has(findingFingerprint(finding))) { suppressed.push({ finding, by: 'baseline', reason: 'in the baseline' }); continue; }
      if (cap.hasRoom(rule.id)) { cap.keep(rule.id); findings.push(finding); } else cap.count(finding);
    }
  }
  for (const summary of cap.summaries()) findings.push(summary);
  findings.sort(compareSourceFindings);
  return { findings, suppressed };
}

/** File order, as an editor shows them: file, line, then rule id. */
export function compareSourceFindings(a: Finding, b: Finding): number {
  return byLocale(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || byLocale(a.ruleId, b.ruleId) || byLocale(a.message, b.message);
}

/** localeCompare, skipped for equal strings (most comparisons of a big file's findings: same file, same rule). */
function byLocale(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b);
}
