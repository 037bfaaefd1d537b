/**
 * The per-rule cap on reported findings (`--max-findings-per-rule`, default 100): a Dockerfile where every
 * line is a finding would otherwise give hundreds of thousands of findings and a report many times the input.
 * The first N findings a rule keeps are reported in full; the rest are only counted (with their bytes), per
 * severity, and reported as one summary finding that carries the count in `omitted`. The gate and every
 * count read `omitted`, so they stay exact.
 */
import type { Finding, Severity } from './types.js';

export const DEFAULT_MAX_FINDINGS_PER_RULE = 100;

interface Tally {
  ruleId: string;
  category: Finding['category'];
  severity: Severity;
  count: number;
  bytes: number;
  file?: string;
  firstLine?: number;
  lastLine?: number;
}

export class FindingCap {
  private readonly kept = new Map<string, number>();
  private readonly tallies = new Map<string, Tally>();
  private last: Tally | undefined;

  /** `limit` 0 (or undefined) keeps every finding. */
  constructor(private readonly limit = DEFAULT_MAX_FINDINGS_PER_RULE) {}

  /** True while `ruleId` is under the cap: the next finding is to be kept in full. */
  hasRoom(ruleId: string): boolean {
    return !this.limit || (this.kept.get(ruleId) ?? 0) < this.limit;
  }

  /** Records a finding kept in full. */
  keep(ruleId: string): void {
    this.kept.set(ruleId, (this.kept.get(ruleId) ?? 0) + 1);
  }

  /** Counts a finding past the cap: only what the summary needs. */
  count(finding: Pick<Finding, 'ruleId' | 'category' | 'severity' | 'bytes' | 'file' | 'line' | 'endLine'>): void {
    // Findings past the cap come rule by rule, hundreds of thousands in a row: the last tally is most often
    // the one, found without building a key string per finding.
    let tally = this.last;
    if (tally?.ruleId !== finding.ruleId || tally.severity !== finding.severity) {
      const key = `${finding.ruleId}\0${finding.severity}`;
      tally = this.tallies.get(key);
      if (!tally) {
        tally = { ruleId: finding.ruleId, category: finding.category, severity: finding.severity, count: 0, bytes: 0, file: finding.file, firstLine: finding.line };
        this.tallies.set(key, tally);
      }
      this.last = tally;
    }
    tally.count++;
    tally.bytes += finding.bytes ?? 0;
    if (finding.line !== undefined) {
      tally.firstLine = Math.min(tally.firstLine ?? finding.line, finding.line);
      tally.lastLine = Math.max(tally.lastLine ?? 0, finding.endLine ?? finding.line);
    }
  }

  /** One summary finding per rule and severity that went past the cap. */
  summaries(): Finding[] {
    return [...this.tallies.values()].map((t) => {
      const where = t.firstLine !== undefined ? ` (lines ${t.firstLine}–${t.lastLine})` : '';
      return {
        ruleId: t.ruleId,
        category: t.category,
        message: `and ${t.count} more ${t.ruleId} finding${t.count === 1 ? '' : 's'}${where}, not listed: over the limit of ${this.limit} per rule (--max-findings-per-rule 0 lists all)`,
        paths: [],
        ...(t.bytes > 0 ? { bytes: t.bytes } : {}),
        ...(t.file !== undefined ? { file: t.file } : {}),
        ...(t.firstLine !== undefined ? { line: t.firstLine, endLine: t.lastLine } : {}),
        severity: t.severity,
        omitted: t.count,
      };
    });
  }
}

/** How many findings a list stands for: a summary counts as the findings it replaces. */
export function countFindings(findings: readonly Finding[]): number {
  let n = 0;
  for (const f of findings) n += f.omitted ?? 1;
  return n;
}
