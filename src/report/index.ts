import type { AnalysisReport } from '../analysis/report.js';
import { findSecrets, maskSecrets } from '../analysis/secrets.js';
import { renderCheckstyle } from './checkstyle.js';
import type { PullRequestOptions } from './findings.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderHtml } from './html.js';
import type { ImageTrees } from '../analysis/size-tree.js';
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
  /** Print secret values (ENV, LABEL, build args) as they are; by default every format masks them. */
  showSecrets?: boolean;
  /** html: the file trees (src/analysis/size-tree.ts); masked with the report. */
  trees?: ImageTrees;
}

/** The report as every format shows it: secrets masked (src/analysis/secrets.ts) unless asked for. */
export function shownReport(report: AnalysisReport, options: Pick<RenderOptions, 'showSecrets'> = {}): AnalysisReport {
  return options.showSecrets ? report : maskSecrets(report, findSecrets(report));
}

/** The options as every format sees them: what they carry from the image (the trees' file names) masked like the report. */
function shownOptions(report: AnalysisReport, options: RenderOptions): RenderOptions {
  if (options.showSecrets || !options.trees) return options;
  return { ...options, trees: maskSecrets(options.trees, findSecrets(report)) };
}

/** Format name → renderer. Adding a format is one file, one line here and its name in format-names.ts (the compiler checks the two agree). */
const renderers = {
  text: (report: AnalysisReport, options: RenderOptions) => renderText(report, options),
  json: (report: AnalysisReport) => renderJson(report),
  sarif: (report: AnalysisReport, options: RenderOptions) => renderSarif(report, options),
  markdown: (report: AnalysisReport, options: RenderOptions) => renderMarkdown(report, options),
  github: (report: AnalysisReport, options: RenderOptions) => renderGithub(report, options),
  junit: (report: AnalysisReport, options: RenderOptions) => renderJunit(report, options),
  gitlab: (report: AnalysisReport, options: RenderOptions) => renderGitlab(report, options),
  checkstyle: (report: AnalysisReport, options: RenderOptions) => renderCheckstyle(report, options),
  html: (report: AnalysisReport, options: RenderOptions) => renderHtml(report, options),
} satisfies Record<FormatName, (report: AnalysisReport, options: RenderOptions) => string>;

type Reporter = (report: AnalysisReport, options?: RenderOptions) => string;

/** Every format masks secrets here, before it sees the report, so no format can forget to. */
export const reporters = Object.fromEntries(
  Object.entries(renderers).map(([name, render]) => [name, (report: AnalysisReport, options: RenderOptions = {}) => render(shownReport(report, options), shownOptions(report, options))]),
) as Record<FormatName, Reporter>;

export { formatNames, type FormatName };
