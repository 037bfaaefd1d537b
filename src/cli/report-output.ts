/**
 * The report half of `analyze`: `--format name[=FILE]` (repeatable, so one CI step writes SARIF and the
 * Markdown summary at once), `--output`, and `--dockerfile` which points findings at source lines.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { AnalysisReport } from '../analysis/report.js';
import { locateFindings } from '../dockerfile/locate-findings.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { STDIN_ARGUMENT } from '../archive/open-input.js';
import { InputError, UsageError } from '../errors.js';
import type { RuleInfo } from '../report/findings.js';
import { formatNames, reporters, type FormatName, type RenderOptions } from '../report/index.js';
import { STEP_SUMMARY_LIMIT } from '../report/markdown.js';
import { log, writeOutput } from './io.js';
import { parseNamedFormatTargets, type NamedFormatTarget } from './format-targets.js';
import { packageVersion } from './package-version.js';
import type { ReportOutputArgs } from './options.js';


export interface FormatTarget extends NamedFormatTarget<FormatName> {}

/** `sarif=out.sarif`, `markdown`, ... → targets; at most one goes to stdout/--output. */
export function parseFormatTargets(format: string | string[] | undefined, output?: string): FormatTarget[] {
  return parseNamedFormatTargets(format, output, formatNames);
}

export interface WriteReportsContext {
  /** Every rule, for SARIF's driver.rules and JUnit's testcases. */
  rules?: readonly RuleInfo[];
  /** The gate's verdict (issue 4), when there is one. */
  verdict?: RenderOptions['verdict'];
  failOn?: RenderOptions['failOn'];
  /** The file trees for the html format, built only when it is asked for (a walk of every layer). */
  trees?: () => RenderOptions['trees'];
}

/** Maps findings to the Dockerfile (when given), renders each requested format and writes it. */
export async function writeReports(report: AnalysisReport, args: ReportOutputArgs, context: WriteReportsContext = {}): Promise<void> {
  const targets = parseFormatTargets(args.format, args.output);
  if (args.dockerfile) report = await withDockerfileLocations(report, args.dockerfile, { target: args.target });
  const options: RenderOptions = {
    width: process.stdout.columns,
    rules: context.rules,
    verdict: context.verdict,
    failOn: context.failOn,
    imageUri: args.archive === '-' || args.archive === STDIN_ARGUMENT ? report.image.name : repoRelative(args.archive),
    toolVersion: packageVersion(),
    showSecrets: args['show-secrets'],
  };
  if (targets.some((t) => t.format === 'html')) options.trees = context.trees?.();
  for (const target of targets) {
    // The job summary: GitHub's 1 MiB cap instead of a PR comment's, and appended, since earlier
    // commands of the same step may have written to it.
    const summary = Boolean(target.file !== undefined && process.env.GITHUB_STEP_SUMMARY && resolve(target.file) === resolve(process.env.GITHUB_STEP_SUMMARY));
    const text = reporters[target.format](report, { ...options, ...(summary ? { maxBytes: STEP_SUMMARY_LIMIT } : {}) });
    await writeOutput(text, target.file, { append: summary });
  }
}

/** The report with `file`/`line` on every finding the Dockerfile accounts for. */
export async function withDockerfileLocations(
  report: AnalysisReport,
  dockerfile: string,
  { target, shownAs }: { target?: string; /** The path reports show; default: relative to the working directory. */ shownAs?: string } = {},
): Promise<AnalysisReport> {
  let source: string;
  try {
    source = await readFile(dockerfile, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the Dockerfile (${(error as NodeJS.ErrnoException).code ?? error})`, dockerfile);
  }
  const parsed = parseDockerfile(source);
  if (parsed.stages.length === 0) throw new InputError('no FROM instruction: not a Dockerfile', dockerfile);
  if (target && !parsed.stages.some((s) => s.name === target.toLowerCase() || String(s.index) === target)) {
    throw new UsageError(`--target ${target}: no such stage in ${dockerfile}`);
  }
  const located = locateFindings(report, parsed, { file: shownAs ?? repoRelative(dockerfile), target });
  for (const note of located.notes) log(`note: ${note}`);
  return located.report;
}

/** Paths as reports show them: relative to the working directory (the repository root in CI), forward slashes. */
function repoRelative(path: string): string {
  const abs = resolve(path);
  const rel = relative(process.cwd(), abs);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return shown.split('\\').join('/');
}
