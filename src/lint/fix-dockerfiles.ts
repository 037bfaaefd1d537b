/**
 * `tsimage lint --fix` over several Dockerfiles: each is fixed on its own (src/lint/apply-fixes.ts) with
 * the same rules, config, ignores and baseline as `lint`, so an ignored or accepted finding is never
 * "fixed". Returns the new texts; writing them (or a diff) is the CLI's job.
 */
import { fixDockerfile, type FixOutcome } from './apply-fixes.js';
import { lintDockerfiles, type DockerfileLintOptions, type DockerfileSource } from './lint-dockerfile.js';
import { loadAllRules } from './load-rules.js';
import { emptyConfig } from './config.js';

export interface FixedDockerfile extends FixOutcome {
  file: string;
  before: string;
}

export async function fixDockerfiles(sources: readonly DockerfileSource[], options: DockerfileLintOptions & { unsafe: boolean }): Promise<FixedDockerfile[]> {
  const config = options.config ?? emptyConfig();
  const rules = options.rules ?? (await loadAllRules([...config.rulesDirs, ...(options.rulesDirs ?? [])]));
  const lintOptions = { ...options, rules };
  const fixed: FixedDockerfile[] = [];
  for (const source of sources) {
    const lint = async (text: string) => (await lintDockerfiles([{ file: source.file, text }], lintOptions)).findings;
    fixed.push({ file: source.file, before: source.text, ...(await fixDockerfile(source.text, lint, { unsafe: options.unsafe })) });
  }
  return fixed;
}
