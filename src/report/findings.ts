/**
 * What the pull-request reporters (sarif, markdown, github, junit, gitlab, checkstyle) share: the rule
 * metadata they describe, the order findings are shown in, where a finding points, its stable fingerprint
 * and the pass/fail verdict.
 */
import type { AnalysisReport } from '../analysis/report.js';
import { findingFingerprint } from '../lint/fingerprint.js';
import { formatBytes } from '../bytes.js';
import { SEVERITY_ORDER, type Category, type Finding, type Severity } from '../lint/types.js';

/** The part of a rule definition (`defineRule`) that reports describe. */
export interface RuleInfo {
  id: string;
  category: Category;
  severity: Severity;
  description: string;
  docs?: { why: string; bad: string; good: string };
}

/** The project's front page (SARIF `informationUri`). */
export const PROJECT_URL = 'https://github.com/tsimage/tsimage/blob/main/README.md';

/** Where rule documentation lives; each rule has an anchor named after its id. */
export const RULE_DOCS_URL = 'https://github.com/tsimage/tsimage/blob/main/docs/rules.md';

export function ruleHelpUri(ruleId: string): string {
  return `${RULE_DOCS_URL}#${ruleId}`;
}

export interface Verdict {
  passed: boolean;
  /** One line: why it passed or failed. */
  reason: string;
}

export interface PullRequestOptions {
  /** Every rule, for SARIF's driver.rules and JUnit's one testcase per rule. */
  rules?: readonly RuleInfo[];
  /** How reports name the image when a finding has no source line: the archive path as given, or the image name. */
  imageUri?: string;
  toolVersion?: string;
  /** The gate's verdict; when absent it is derived from `failOn`. */
  verdict?: Verdict;
  failOn?: Severity | 'none';
}

export function findingsOf(report: AnalysisReport): Finding[] {
  return (report.findings ?? []) as Finding[];
}

/** Most costly first: measured bytes, then severity, then rule id and first path so output is stable. */
export function byCost(a: Finding, b: Finding): number {
  return (b.bytes ?? 0) - (a.bytes ?? 0)
    || SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]
    || a.ruleId.localeCompare(b.ruleId)
    || (a.paths[0] ?? '').localeCompare(b.paths[0] ?? '')
    || (a.line ?? 0) - (b.line ?? 0);
}

/** Severity first (what blocks a merge), then cost. */
export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || byCost(a, b);
}

/**
 * Every rule a report mentions: the known rules plus a descriptor made from the finding for a rule the
 * list lacks (so a result never points at a missing rule), sorted by id.
 */
export function rulesFor(findings: readonly Finding[], rules: readonly RuleInfo[] = []): RuleInfo[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const f of findings) {
    if (!byId.has(f.ruleId)) byId.set(f.ruleId, { id: f.ruleId, category: f.category, severity: f.severity, description: f.ruleId.replace(/-/g, ' ') });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function imageUriOf(report: AnalysisReport, options: PullRequestOptions): string {
  return options.imageUri ?? report.image.source ?? report.image.name;
}

export function layerDigestOf(report: AnalysisReport, finding: Finding): string | undefined {
  return finding.layerIndex === undefined ? undefined : report.layers[finding.layerIndex]?.digest;
}

/** In-image paths as people write them. */
export function displayPath(path: string): string {
  return path.startsWith('/') ? path : '/' + path;
}

/** `Dockerfile:12`, or `layer 3 (sha256:0123456789ab) /srv/app/big.bin` when the finding has no source line. */
export function whereText(report: AnalysisReport, finding: Finding): string {
  if (finding.file && finding.line) return `${finding.file}:${finding.line}`;
  return imageWhereText(report, finding) || report.image.name;
}

export function imageWhereText(report: AnalysisReport, finding: Finding): string {
  const parts: string[] = [];
  if (finding.layerIndex !== undefined) {
    const digest = layerDigestOf(report, finding);
    parts.push(`layer ${finding.layerIndex}` + (digest ? ` (${digest.slice(0, 19)})` : ''));
  }
  if (finding.paths.length > 0) parts.push(displayPath(finding.paths[0]) + (finding.paths.length > 1 ? ` (+${finding.paths.length - 1} more)` : ''));
  return parts.join(' ');
}

/** A message as one sentence: capital first letter, closing full stop. */
export function sentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : capital + '.';
}

/**
 * The one-paragraph text a line-oriented format (annotation, Code Quality, Checkstyle) shows for a finding:
 * what, what it saves, where in the image (the evidence when the location is only a Dockerfile line or
 * the image itself) and the fix.
 */
export function findingText(report: AnalysisReport, finding: Finding): string {
  const inImage = imageWhereText(report, finding);
  return [
    sentence(finding.message),
    finding.bytes ? `Saves ${formatBytes(finding.bytes)}.` : '',
    inImage ? `In the image: ${inImage}.` : '',
    // Verbatim: a fix is often a Dockerfile line, which a closing full stop would break.
    finding.fix ? `Fix: ${finding.fix}` : '',
  ].filter(Boolean).join(' ');
}

/** The baseline's fingerprint (rule, in-image paths, instruction; never bytes, digests or lines). */
export { findingFingerprint };

/** Fingerprints made unique within one report: a repeat of the same subject gets `:2`, `:3`... */
export function uniqueFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = findingFingerprint(f);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}:${count}`;
  });
}

export function verdictOf(findings: readonly Finding[], options: PullRequestOptions): Verdict {
  if (options.verdict) return options.verdict;
  const failOn = options.failOn ?? 'error';
  const counts = countBySeverity(findings);
  const summary = formatCounts(counts);
  if (failOn === 'none') return { passed: true, reason: findings.length ? `${summary} (--fail-on none)` : 'no findings' };
  let failing = 0;
  for (const f of findings) if (SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn]) failing += f.omitted ?? 1;
  if (failing > 0) return { passed: false, reason: `${failing} finding${failing === 1 ? '' : 's'} at or above ${failOn} (${summary})` };
  return { passed: true, reason: findings.length ? `nothing at or above ${failOn} (${summary})` : 'no findings' };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += f.omitted ?? 1;
  return counts;
}

export function formatCounts(counts: Record<Severity, number>): string {
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}${counts[s] === 1 ? '' : s === 'info' ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no findings';
}
