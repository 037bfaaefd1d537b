import type { AnalysisReport } from '../analysis/report.js';

export function renderJson(report: AnalysisReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
