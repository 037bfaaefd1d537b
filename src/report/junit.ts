/**
 * JUnit XML (Jenkins, GitLab `artifacts:reports:junit`): one testcase per rule, so a clean rule shows as a
 * passed test; a rule with findings fails with one <failure> listing them (strict JUnit allows one per case).
 */
import type { AnalysisReport } from '../analysis/report.js';
import { formatBytes } from './bytes.js';
import { bySeverity, findingsOf, rulesFor, whereText, type PullRequestOptions } from './findings.js';
import { escapeXml, escapeXmlText } from './xml.js';
import { SEVERITY_ORDER, type Finding } from '../lint/types.js';

export function renderJunit(report: AnalysisReport, options: PullRequestOptions = {}): string {
  const findings = findingsOf(report).slice().sort(bySeverity);
  const rules = rulesFor(findings, options.rules);
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const failures = rules.filter((r) => byRule.has(r.id)).length;
  const suite = `tsimage ${report.image.name}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tsimage" tests="${rules.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${rules.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const rule of rules) {
    const own = byRule.get(rule.id);
    const open = `    <testcase classname="tsimage.${escapeXml(rule.category)}" name="${escapeXml(rule.id)}"`;
    if (!own) { out.push(`${open}/>`); continue; }
    const worst = own.reduce((a, b) => (SEVERITY_ORDER[b.severity] > SEVERITY_ORDER[a.severity] ? b : a)).severity;
    const message = own.length === 1 ? own[0].message : `${own.length} findings: ${rule.description}`;
    const body = own.map((f) => {
      const lines = [`${f.severity}: ${f.message}`, `  at ${whereText(report, f)}`];
      if (f.bytes) lines.push(`  saves ${formatBytes(f.bytes)} (${f.bytes} bytes)`);
      if (f.fix) lines.push(`  fix: ${f.fix}`);
      return lines.join('\n');
    }).join('\n');
    out.push(`${open}>`);
    out.push(`      <failure type="${worst}" message="${escapeXml(message)}">${escapeXmlText(body)}</failure>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}
