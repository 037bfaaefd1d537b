/**
 * Reports for `tsimage lint` (Dockerfile source, no image). Text, JSON and Markdown have their own shape
 * here, since image figures (size, layers, efficiency) do not exist; the line-based formats (SARIF,
 * GitHub, JUnit, GitLab, Checkstyle) are the image reporters fed a report that names the Dockerfiles.
 */
import chalk from 'chalk';
import type { AnalysisReport } from '../analysis/report.js';
import { SCHEMA_VERSION } from '../analysis/report.js';
import type { Finding } from '../lint/types.js';
import { countBySeverity, formatCounts, type RuleInfo, type Verdict } from './findings.js';
import { renderSourceHtml } from './html.js';
import { reporters, type FormatName, type RenderOptions } from './index.js';
import { severityMark } from './terminal-text.js';

export interface SourceLintReport {
  files: string[];
  findings: Finding[];
  /** Findings the inline ignores, the config or the baseline accepted. */
  accepted: number;
  verdict: Verdict;
  failOn: RenderOptions['failOn'];
  rules: RuleInfo[];
}


export function renderSourceText(report: SourceLintReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.file}:${f.line}  ${severityMark(f.severity)} ${f.ruleId}  ${f.message}`);
    // A loop, not push(...): a fix can span as many lines as the Dockerfile, and a spread that long overflows the stack.
    if (f.fix) {
      const fixLines = f.fix.split('\n');
      lines.push(`    ${chalk.green('fix: ')}${fixLines[0]}`);
      const more = `    ${chalk.green('     ')}`;
      for (let i = 1; i < fixLines.length; i++) lines.push(more + fixLines[i]);
    }
  }
  if (lines.length) lines.push('');
  const counts = report.findings.length ? formatCounts(countBySeverity(report.findings)) : 'no findings';
  lines.push(`${report.files.join(', ')}: ${counts}${report.accepted ? `, ${report.accepted} accepted` : ''} — ${report.verdict.passed ? 'pass' : 'fail'} (${report.verdict.reason})`);
  return lines.join('\n') + '\n';
}

export function renderSourceJson(report: SourceLintReport): string {
  return JSON.stringify({
    schemaVersion: SCHEMA_VERSION,
    kind: 'dockerfile-lint',
    files: report.files,
    findings: report.findings,
    gate: { passed: report.verdict.passed, failOn: report.failOn, reason: report.verdict.reason, accepted: report.accepted },
  }, null, 2) + '\n';
}

const ICON = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;

export function renderSourceMarkdown(report: SourceLintReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  const out = [
    '<!-- tsimage-report -->',
    `### ${report.verdict.passed ? '✅' : '❌'} tsimage lint: ${report.verdict.passed ? 'pass' : 'fail'} — ${cell(report.verdict.reason)}`,
    '',
    `**${report.files.map(cell).join(', ')}** · ${report.findings.length ? formatCounts(countBySeverity(report.findings)) : 'no findings'}`,
    '',
  ];
  if (report.findings.length) {
    out.push('| Severity | Rule | Where | Message | Fix |', '|---|---|---|---|---|');
    for (const f of report.findings) out.push(`| ${ICON[f.severity]} | \`${f.ruleId}\` | \`${cell(`${f.file}:${f.line}`)}\` | ${cell(f.message)} | ${f.fix ? cell(f.fix) : ''} |`);
  }
  return out.join('\n') + '\n';
}

/** The image-report shape the line-based reporters read, naming the Dockerfiles instead of an image. */
function asAnalysisReport(report: SourceLintReport): AnalysisReport {
  const name = report.files.join(', ');
  return {
    schemaVersion: SCHEMA_VERSION,
    image: { name, tags: [], os: '', architecture: '', format: 'dockerfile', source: report.files[0] ?? name },
    totalBytes: 0, finalBytes: 0, compressedBytes: 0, layerCount: 0,
    config: {} as AnalysisReport['config'],
    layers: [], history: [],
    waste: { efficiency: 1, diveEfficiency: 1, diveWastedBytes: 0, diveUserWastedPercent: null, diveInefficientPaths: [] } as unknown as AnalysisReport['waste'],
    notes: [],
    findings: report.findings,
  };
}

export function renderSourceReport(format: FormatName, report: SourceLintReport, options: RenderOptions): string {
  switch (format) {
    case 'text': return renderSourceText(report);
    case 'json': return renderSourceJson(report);
    case 'markdown': return renderSourceMarkdown(report);
    case 'html': return renderSourceHtml(report.files, report.findings);
    case 'sarif': {
      // No image: drop the image figures the SARIF run carries as properties.
      const sarif = JSON.parse(reporters.sarif(asAnalysisReport(report), lineOptions(report, options)));
      for (const run of sarif.runs ?? []) run.properties = { dockerfiles: report.files };
      return JSON.stringify(sarif, null, 2) + '\n';
    }
    default: return reporters[format](asAnalysisReport(report), lineOptions(report, options));
  }
}

function lineOptions(report: SourceLintReport, options: RenderOptions): RenderOptions {
  return { ...options, rules: report.rules, verdict: report.verdict, failOn: report.failOn, imageUri: report.files[0] };
}
