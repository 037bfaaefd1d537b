/**
 * GitHub Actions workflow commands: one annotation per finding, pointed at the Dockerfile line when mapped,
 * else at the image archive (or name) at line 1.
 * GitHub shows at most 10 error and 10 warning annotations per step (actions/toolkit#734), so the most
 * costly come first and a notice says how many were left out; the full list follows in a log group.
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { Finding, Severity } from '../lint/types.js';
import { formatBytes } from '../bytes.js';
import { byCost, findingsOf, findingText, imageUriOf, whereText, type PullRequestOptions } from './findings.js';

export const ANNOTATIONS_PER_KIND = 10;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** As @actions/core `escapeData`: the message of a command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core `escapeProperty`: a `key=value` of a command, where `:` and `,` are separators. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ' ' + props : ''}::${escapeData(message)}`;
}

export function renderGithub(report: AnalysisReport, options: PullRequestOptions = {}): string {
  const findings = findingsOf(report).slice().sort(byCost);
  const lines: string[] = [];
  const byKind = (kind: 'error' | 'warning' | 'notice') => findings.filter((f) => COMMAND[f.severity] === kind);
  const overflow = (['error', 'warning', 'notice'] as const).some((kind) => byKind(kind).length > ANNOTATIONS_PER_KIND);
  // The "N more" line is a notice itself, so it takes one notice slot when it is needed.
  const limits = { error: ANNOTATIONS_PER_KIND, warning: ANNOTATIONS_PER_KIND, notice: ANNOTATIONS_PER_KIND - (overflow ? 1 : 0) };
  const shown: Record<'error' | 'warning' | 'notice', number> = { error: 0, warning: 0, notice: 0 };
  const left: Finding[] = [];
  for (const f of findings) {
    const kind = COMMAND[f.severity];
    if (shown[kind] >= limits[kind]) { left.push(f); continue; }
    shown[kind]++;
    lines.push(annotation(report, options, f, kind));
  }
  if (left.length > 0) {
    const counts = (['error', 'warning', 'info'] as const)
      .map((s) => [s, left.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    lines.push(workflowCommand('notice', { title: 'tsimage' }, `${left.length} more finding${left.length === 1 ? '' : 's'} not annotated (${counts}): GitHub shows at most ${ANNOTATIONS_PER_KIND} errors and ${ANNOTATIONS_PER_KIND} warnings per step. See the step log or the SARIF report.`));
  }
  if (findings.length > 0) {
    lines.push(`::group::tsimage: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${escapeData(report.image.name)}`);
    for (const f of findings) {
      lines.push(`${f.severity.padEnd(7)} ${f.ruleId}  ${whereText(report, f)}  ${f.bytes ? formatBytes(f.bytes) + '  ' : ''}${f.message.replace(/\s+/g, ' ')}`);
    }
    lines.push('::endgroup::');
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Pointed at the Dockerfile line when mapped, else at the image (archive path or name) at line 1, as SARIF does. */
function annotation(report: AnalysisReport, options: PullRequestOptions, finding: Finding, kind: 'error' | 'warning' | 'notice'): string {
  const mapped = Boolean(finding.file && finding.line);
  return workflowCommand(kind, {
    file: mapped ? finding.file : imageUriOf(report, options),
    line: mapped ? finding.line : 1,
    endLine: mapped && finding.endLine && finding.endLine !== finding.line ? finding.endLine : undefined,
    title: finding.ruleId,
  }, findingText(report, finding) + autofixText(finding));
}

/** The change `tsimage lint --fix` makes, so the annotation says it can be applied and how. */
function autofixText(finding: Finding): string {
  const fix = finding.autofix;
  if (!fix || !finding.file) return '';
  return ` Suggested change (${fix.safety}): ${fix.description}; apply with tsimage lint --fix${fix.safety === 'unsafe' ? ' --unsafe' : ''} ${finding.file}`;
}
