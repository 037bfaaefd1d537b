export { openImage, listImagePlatforms, listArchiveImages, type OpenImageOptions } from './image/open.js';
export type { ArchiveImage } from './archive/formats/detect.js';
export { analyzeModel, SCHEMA_VERSION, type AnalysisReport, type AnalyzedImage, type LayerReport } from './analysis/report.js';
export { reconstructDockerfile, type Reconstruction, type ReconstructedInstruction } from './analysis/dockerfile/reconstruct.js';
export { renderDockerfile } from './analysis/dockerfile/render.js';
export { FileTree, type FsNode, type RemovedVersion, type RemovalCause } from './image/filesystem.js';
export type * from './image/model.js';
export { InputError, UsageError } from './errors.js';
export { identifyBase } from './analysis/base/identify.js';
export type * from './analysis/base/types.js';
export { reporters, formatNames, type FormatName, type RenderOptions } from './report/index.js';
export { parseDockerfile } from './dockerfile/parse.js';
export { locateFindings } from './dockerfile/locate-findings.js';

import { openImage, type OpenImageOptions } from './image/open.js';
import { analyzeModel, type AnalysisReport } from './analysis/report.js';
import { findSecrets, maskSecrets } from './analysis/secrets.js';

/**
 * Opens an image archive and returns the analysis report; touches neither the console nor the process.
 * Secret ENV, LABEL and build-arg values are masked, as in every report, unless `showSecrets`.
 */
export async function analyzeImage(input: string, options: OpenImageOptions & { showSecrets?: boolean } = {}): Promise<AnalysisReport> {
  const { report } = analyzeModel(await openImage(input, options));
  return options.showSecrets ? report : maskSecrets(report, findSecrets(report));
}
export { findSecrets, maskSecrets, secretReason, type Secret } from './analysis/secrets.js';

// The rule API (docs/rules.md "Your own rules"): the same shape built-in and user rules are written against.
export { defineRule, type Rule, type RuleDocs, type ImageCheckContext, type RuleInstruction, type Report, type ReportedFinding, type BuiltImageFacts, type BuildContextFacts } from './lint/rule.js';
export type { Finding, Severity, Category } from './lint/types.js';
export { lintImage, type LintOptions, type LintOutcome } from './lint/lint-image.js';
export { loadBuiltinRules, loadAllRules } from './lint/load-rules.js';
