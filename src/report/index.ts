import type { AnalysisReport } from '../analysis/report.js';
import { renderCheckstyle } from './checkstyle.js';
import type { PullRequestOptions } from './findings.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { formatNames, type FormatName } from './format-names.js';

export interface RenderOptions extends PullRequestOptions {
  width?: number;
  /** markdown: size cap in UTF-8 bytes (PR comment 65,536; step summary 1 MiB). */
  maxBytes?: number;
}

/** Format name → renderer. Adding a format is one file, one line here and its name in format-names.ts (the compiler checks the two agree). */
export const reporters = {
  text: (report: AnalysisReport, options: RenderOptions) => renderText(report, options),
  json: (report: AnalysisReport) => renderJson(report),
  sarif: (report: AnalysisReport, options: RenderOptions) => renderSarif(report, options),
  markdown: (report: AnalysisReport, options: RenderOptions) => renderMarkdown(report, options),
  github: (report: AnalysisReport, options: RenderOptions) => renderGithub(report, options),
  junit: (report: AnalysisReport, options: RenderOptions) => renderJunit(report, options),
  gitlab: (report: AnalysisReport, options: RenderOptions) => renderGitlab(report, options),
  checkstyle: (report: AnalysisReport, options: RenderOptions) => renderCheckstyle(report, options),
} satisfies Record<FormatName, (report: AnalysisReport, options: RenderOptions) => string>;

export { formatNames, type FormatName };
