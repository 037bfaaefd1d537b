/**
 * Checkstyle XML (Jenkins Warnings NG, reviewdog -f=checkstyle), in hadolint's shape: findings grouped by
 * file; a finding with no Dockerfile line points at the image at line 1.
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { Finding } from '../lint/types.js';
import { bySeverity, findingsOf, findingText, imageUriOf, type PullRequestOptions } from './findings.js';
import { escapeXml } from './xml.js';

export function renderCheckstyle(report: AnalysisReport, options: PullRequestOptions = {}): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of findingsOf(report).slice().sort(bySeverity)) {
    const file = f.file && f.line ? f.file : imageUriOf(report, options);
    byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`  <file name="${escapeXml(file)}">`);
    for (const f of findings.sort((a, b) => (a.line ?? 1) - (b.line ?? 1) || bySeverity(a, b))) {
      out.push(`    <error line="${f.file && f.line ? f.line : 1}" column="1" severity="${f.severity}" message="${escapeXml(findingText(report, f))}" source="tsimage.${escapeXml(f.ruleId)}"/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}
