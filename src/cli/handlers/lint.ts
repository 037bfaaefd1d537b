import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ArgumentsCamelCase } from 'yargs';
import { STDIN_ARGUMENT } from '../../archive/stdin-argument.js';
import { InputError, UsageError } from '../../errors.js';
import { FAIL_ON_VALUES, loadConfig, type FailOn } from '../../lint/config.js';
import { findingsAtOrAbove } from '../../lint/gate.js';
import { BadDockerignorePattern, parseDockerignore } from '../../lint/dockerignore.js';
import { lintDockerfiles, type DockerfileSource } from '../../lint/lint-dockerfile.js';
import type { RuleInfo, Verdict } from '../../report/findings.js';
import { renderSourceReport } from '../../report/source-report.js';
import type { LintArgs } from '../commands/lint.js';
import { exitCodeFor } from '../exit-code.js';
import { log, readStdin, writeOutput } from '../io.js';
import { ignoredRules, maxFindingsPerRule, writeBaselineFile } from '../gate-options.js';
import { countFindings } from '../../lint/finding-cap.js';
import { parseFormatTargets } from '../report-output.js';

/**
 * The .dockerignore the build would use, as BuildKit picks it: `NAME.dockerignore` next to the Dockerfile
 * first, else `.dockerignore` at the root of the context (the Dockerfile's directory unless --context says).
 */
async function readDockerignore(dockerfilePath: string | undefined, context: string | undefined): Promise<string | undefined> {
  const contextDir = context ?? (dockerfilePath === undefined ? undefined : dirname(dockerfilePath));
  const candidates: string[] = [];
  if (dockerfilePath !== undefined) candidates.push(`${dockerfilePath}.dockerignore`);
  if (contextDir !== undefined) candidates.push(join(contextDir, '.dockerignore'));
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the .dockerignore (${(error as NodeJS.ErrnoException).code ?? error})`, candidate);
    }
    try {
      parseDockerignore(text.split(/\r?\n/));
    } catch (error) {
      if (error instanceof BadDockerignorePattern) throw new InputError(error.message, candidate);
      throw error;
    }
    return text;
  }
  return undefined;
}

async function readSources(paths: readonly string[], stdinName: string, context: string | undefined, pathOf: Map<DockerfileSource, string>): Promise<DockerfileSource[]> {
  if (paths.filter((p) => p === '-' || p === STDIN_ARGUMENT).length > 1) throw new UsageError('stdin (-) can be read once');
  const sources: DockerfileSource[] = [];
  for (const path of paths) {
    if (path === '-' || path === STDIN_ARGUMENT) { sources.push({ file: stdinName, text: await readStdin(), dockerignore: await readDockerignore(undefined, context) }); continue; }
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? 'no such file (tsimage lint reads ./Dockerfile unless you name files, or - for stdin)' : code === 'EISDIR' ? 'a directory, not a Dockerfile' : `cannot read the Dockerfile (${code ?? error})`, path);
    }
    const source = { file: shownPath(path), text, dockerignore: await readDockerignore(path, context) };
    pathOf.set(source, path);
    sources.push(source);
  }
  return sources;
}

/** Relative to the working directory (the repository root in CI), forward slashes: what SARIF and editors expect. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return (rel === '' || rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel).split('\\').join('/');
}

export async function lint(args: ArgumentsCamelCase<LintArgs>): Promise<void> {
  const failOnArg = args['fail-on'];
  if (failOnArg !== undefined && !FAIL_ON_VALUES.includes(failOnArg as FailOn)) throw new UsageError(`--fail-on: expected one of ${FAIL_ON_VALUES.join(', ')}, got ${failOnArg}`);
  const targets = parseFormatTargets(args.format, args.output);
  const paths = args.dockerfiles?.length ? args.dockerfiles.map(String) : ['Dockerfile'];
  if (args.unsafe && !args.fix && !args['fix-dry-run']) throw new UsageError('--unsafe goes with --fix or --fix-dry-run');
  if (args.fix && args['fix-dry-run']) throw new UsageError('--fix rewrites the files, --fix-dry-run only shows the diff: choose one');
  const pathOf = new Map<DockerfileSource, string>();
  let sources = await readSources(paths, args['stdin-name'], args.context, pathOf);
  const config = loadConfig({ configPath: args.config, cwd: process.cwd() });
  const writing = args['write-baseline'];
  const lintOptions = {
    config,
    rulesDirs: args['rules-dir'] === undefined ? [] : [args['rules-dir']].flat(),
    ignoreRules: ignoredRules(args.ignore),
    baseline: writing ? undefined : args.baseline,
    failOn: failOnArg as FailOn | undefined,
    maxFindingsPerRule: maxFindingsPerRule(args['max-findings-per-rule'], Boolean(writing)),
  };
  let stdoutUsed = false;
  if (args.fix || args['fix-dry-run']) {
    const fromStdin = new Set(sources.filter((s) => !pathOf.has(s)));
    ({ sources, stdoutUsed } = await (await import('./lint-fix.js')).applyLintFixes(sources, lintOptions, { dryRun: Boolean(args['fix-dry-run']), unsafe: Boolean(args.unsafe), fromStdin, pathOf }));
  }
  const outcome = await lintDockerfiles(sources, lintOptions);
  let findings = outcome.findings;
  if (writing) {
    writeBaselineFile(writing, findings);
    findings = [];
  }
  const exitCode = exitCodeFor(findings, [], outcome.failOn);
  const failing = countFindings(findingsAtOrAbove(findings, outcome.failOn));
  const total = countFindings(findings);
  const verdict: Verdict = exitCode === 0
    ? { passed: true, reason: total === 0 ? 'no findings' : outcome.failOn === 'none' ? `${total} finding${total === 1 ? '' : 's'} (--fail-on none)` : `nothing at or above ${outcome.failOn}` }
    : { passed: false, reason: `fail-on ${outcome.failOn}: ${failing} finding${failing === 1 ? '' : 's'} at or above ${outcome.failOn}` };
  if (outcome.suppressed.length > 0) log(`note: ${outcome.suppressed.length} finding${outcome.suppressed.length === 1 ? '' : 's'} accepted (inline ignores, config ignores or the baseline)`);
  if (!verdict.passed) log(`tsimage: gate failed: ${verdict.reason}`);
  const rules: RuleInfo[] = outcome.rules.filter((r) => r.checkSource).map(({ id, category, severity, description, docs }) => ({ id, category, severity: config.rules[id]?.severity ?? severity, description, docs }));
  const report = { files: sources.map((s) => s.file), findings, accepted: outcome.suppressed.length, verdict, failOn: outcome.failOn, rules };
  // With --fix on stdin or --fix-dry-run, stdout holds the Dockerfile or the diff: reports go only to files.
  for (const target of targets.filter((t) => !stdoutUsed || (t.file !== undefined && t.file !== '-'))) await writeOutput(renderSourceReport(target.format, report, { width: process.stdout.columns }), target.file);
  (args as unknown as { setExitCode(code: number): void }).setExitCode(exitCode);
}
