/**
 * The findings section of the terminal report: what to change, most serious first, with the bytes it
 * saves, the evidence and the better line.
 */
import chalk from 'chalk';
import type { AnalysisReport } from '../analysis/report.js';
import { formatBytes } from '../bytes.js';
import { severityMark } from './terminal-text.js';
import { bySeverity, findingsOf, formatCounts, countBySeverity, whereText } from './findings.js';


export function renderFindingsText(report: AnalysisReport): string[] {
  if (report.findings === undefined) return [];
  const findings = [...findingsOf(report)].sort(bySeverity);
  const lines = ['', chalk.bold(`Findings (${formatCounts(countBySeverity(findings))})`)];
  const saved = findings.reduce((sum, f) => sum + (f.category === 'bloat' ? f.bytes ?? 0 : 0), 0);
  for (const f of findings) {
    const bytes = f.bytes !== undefined ? chalk.bold(` saves ${formatBytes(f.bytes)}`) : '';
    lines.push(`  ${severityMark(f.severity)} ${f.ruleId}${bytes}  ${chalk.dim(whereText(report, f))}`);
    lines.push(`          ${f.message}`);
    if (f.fix) f.fix.split('\n').forEach((l, i) => lines.push(`          ${chalk.green(i === 0 ? 'fix: ' : '     ')}${l}`));
  }
  if (saved > 0) lines.push('', `  Fixing the bloat findings saves up to ${formatBytes(saved)} (${saved} bytes; findings can overlap).`);
  if (findings.length > 0) lines.push(chalk.dim('  tsimage rules ID explains a rule.'));
  return lines;
}
