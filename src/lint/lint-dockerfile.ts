/**
 * Lint Dockerfile source without an image (`tsimage lint`): parse each file, run every rule's source check,
 * apply inline ignores, the config and the baseline. Pure apart from reading rule and baseline files.
 */
import { parseDockerfile, type ParsedDockerfile } from '../dockerfile/parse.js';
import { InputError } from '../errors.js';
import { readBaseline } from './baseline.js';
import { checkRuleIds, emptyConfig, type FailOn, type LintConfig } from './config.js';
import { compareSourceFindings, runSourceRules } from './lint-source.js';
import { withIgnoredRules } from './ignore-rules.js';
import { loadAllRules } from './load-rules.js';
import type { LintResult, LoadedRule } from './run-rules.js';

export interface DockerfileSource {
  /** The path reports show. */
  file: string;
  text: string;
  /** The build context's .dockerignore text, when there is one (CopyIgnoredFile needs it). */
  dockerignore?: string;
}

export interface DockerfileLintOptions {
  config?: LintConfig;
  rulesDirs?: string[];
  baseline?: string;
  failOn?: FailOn;
  rules?: LoadedRule[];
  /** Rules turned off for this run (`--ignore`): ids or hadolint DL codes. */
  ignoreRules?: readonly string[];
  /** Findings listed in full per rule and file, then one summary (src/lint/finding-cap.ts); 0 lists all. */
  maxFindingsPerRule?: number;
}

export interface DockerfileLintOutcome extends LintResult {
  rules: LoadedRule[];
  failOn: FailOn;
  parsed: { file: string; dockerfile: ParsedDockerfile }[];
}

/** A Dockerfile the builder would refuse is an input error, named by file and line. */
export function parseDockerfileSource(source: DockerfileSource): ParsedDockerfile {
  const parsed = parseDockerfile(source.text);
  const problem = parsed.problems[0];
  if (problem) throw new InputError(`line ${problem.line}: ${problem.message}`, source.file);
  if (parsed.stages.length === 0) throw new InputError('no FROM instruction: not a Dockerfile', source.file);
  const beforeFrom = parsed.instructions.find((i) => i.stageIndex < 0 && i.keyword !== 'ARG');
  if (beforeFrom) throw new InputError(`line ${beforeFrom.startLine}: ${beforeFrom.keyword} before the first FROM (only ARG may come first)`, source.file);
  return parsed;
}

export async function lintDockerfiles(sources: readonly DockerfileSource[], options: DockerfileLintOptions = {}): Promise<DockerfileLintOutcome> {
  const loaded = options.config ?? emptyConfig();
  const rules = options.rules ?? (await loadAllRules([...loaded.rulesDirs, ...(options.rulesDirs ?? [])]));
  checkRuleIds(loaded, new Set(rules.map((r) => r.id)));
  const config = withIgnoredRules(loaded, rules, options.ignoreRules);
  const baselineFile = options.baseline ?? config.baseline;
  const baseline = baselineFile ? readBaseline(baselineFile) : undefined;
  const parsed = sources.map((s) => ({ file: s.file, dockerfile: parseDockerfileSource(s), dockerignore: s.dockerignore }));
  const result: LintResult = { findings: [], suppressed: [] };
  for (const { file, dockerfile, dockerignore } of parsed) {
    const context = dockerignore === undefined ? undefined : { dockerignore: dockerignore.split(/\r?\n/) };
    const one = runSourceRules(dockerfile, rules, { config, baseline, file, context, maxFindingsPerRule: options.maxFindingsPerRule });
    for (const f of one.findings) result.findings.push(f);
    for (const s of one.suppressed) result.suppressed.push(s);
  }
  result.findings.sort(compareSourceFindings);
  return { ...result, rules, failOn: options.failOn ?? config.failOn ?? 'error', parsed: parsed.map(({ file, dockerfile }) => ({ file, dockerfile })) };
}
