import type { AnalysisReport } from '../analysis/report.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export interface RenderOptions {
  width?: number;
}

/** Format name → renderer. Adding a format is one file and one line here; `--format` choices come from the keys. */
export const reporters = {
  text: (report: AnalysisReport, options: RenderOptions) => renderText(report, options),
  json: (report: AnalysisReport) => renderJson(report),
} satisfies Record<string, (report: AnalysisReport, options: RenderOptions) => string>;

export type FormatName = keyof typeof reporters;
export const formatNames = Object.keys(reporters) as FormatName[];
