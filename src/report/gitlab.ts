/**
 * GitLab Code Quality JSON (`artifacts:reports:codequality`): an array of issues. GitLab collapses issues
 * with the same fingerprint and compares fingerprints with the target branch to tell new from fixed,
 * so the fingerprint is per finding and stable across builds (see findings.ts).
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { Severity } from '../lint/types.js';
import { byCost, findingsOf, findingText, imageUriOf, uniqueFingerprints, type PullRequestOptions } from './findings.js';

/** hadolint's mapping (error→blocker, warning→major, info→info), so the MR widget ranks both tools alike. */
const SEVERITY: Record<Severity, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = { error: 'blocker', warning: 'major', info: 'info' };
const CATEGORY: Record<string, string> = { bloat: 'Performance', security: 'Security', hygiene: 'Style', layering: 'Performance' };

export function renderGitlab(report: AnalysisReport, options: PullRequestOptions = {}): string {
  const findings = findingsOf(report).slice().sort(byCost);
  const fingerprints = uniqueFingerprints(findings);
  const issues = findings.map((f, i) => {
    const mapped = Boolean(f.file && f.line);
    return {
      type: 'issue',
      description: findingText(report, f),
      check_name: f.ruleId,
      fingerprint: fingerprints[i],
      severity: SEVERITY[f.severity],
      categories: [CATEGORY[f.category] ?? 'Style'],
      location: {
        path: mapped ? f.file! : imageUriOf(report, options),
        lines: { begin: mapped ? f.line! : 1, ...(mapped && f.endLine ? { end: f.endLine } : {}) },
      },
    };
  });
  // No BOM: GitLab rejects it.
  return JSON.stringify(issues, null, 2) + '\n';
}
