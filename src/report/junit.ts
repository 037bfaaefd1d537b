/**
 * JUnit XML (Jenkins, GitLab `artifacts:reports:junit`): one testcase per rule, so a clean rule shows as a
 * passed test. A rule fails only with findings at or above the gate's --fail-on (default error), as the exit
 * code does: one <failure> lists them (strict JUnit allows one per case). Its findings below that severity
 * are no failure: they are listed in the case's <system-out>, which CI shows with a passed test.
 */
import type { AnalysisReport } from '../analysis/report.js';
import { formatBytes } from '../bytes.js';
import { bySeverity, findingsOf, rulesFor, whereText, type PullRequestOptions } from './findings.js';
import { escapeXml, escapeXmlText } from './xml.js';
import { SEVERITY_ORDER, type Finding } from '../lint/types.js';

export function renderJunit(report: AnalysisReport, options: PullRequestOptions = {}): string {
  const findings = findingsOf(report).slice().sort(bySeverity);
  const rules = rulesFor(findings, options.rules);
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const failOn = options.failOn ?? 'error';
  const fails = (f: Finding) => failOn !== 'none' && SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn];
  const failures = rules.filter((r) => byRule.get(r.id)?.some(fails)).length;
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
    const failing = own.filter(fails);
    const passing = own.filter((f) => !fails(f));
    out.push(`${open}>`);
    if (failing.length) {
      const worst = failing.reduce((a, b) => (SEVERITY_ORDER[b.severity] > SEVERITY_ORDER[a.severity] ? b : a)).severity;
      const message = failing.length === 1 ? failing[0].message : `${failing.length} findings: ${rule.description}`;
      out.push(`      <failure type="${worst}" message="${escapeXml(message)}">${escapeXmlText(describe(report, failing))}</failure>`);
    }
    if (passing.length) out.push(`      <system-out>${escapeXmlText(describe(report, passing))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}

/** Each finding: severity and message, where, what it saves, the fix. */
function describe(report: AnalysisReport, findings: readonly Finding[]): string {
  return findings.map((f) => {
    const lines = [`${f.severity}: ${f.message}`, `  at ${whereText(report, f)}`];
    if (f.bytes) lines.push(`  saves ${formatBytes(f.bytes)} (${f.bytes} bytes)`);
    if (f.fix) lines.push(`  fix: ${f.fix}`);
    return lines.join('\n');
  }).join('\n');
}
