/**
 * The `--fix` / `--fix-dry-run` half of `tsimage lint`: fixes each Dockerfile, then writes it back in place
 * (a file), prints it (stdin: the fixed Dockerfile is the machine output) or prints a unified diff
 * (`--fix-dry-run`, nothing written). What was fixed goes to stderr; the caller lints the fixed text for
 * the report and the exit code, so fixed findings no longer count.
 */
import { writeFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { fixDockerfiles } from '../../lint/fix-dockerfiles.js';
import type { DockerfileLintOptions, DockerfileSource } from '../../lint/lint-dockerfile.js';
import { unifiedDiff } from '../../report/unified-diff.js';
import { log, writeOutput } from '../io.js';

export interface FixRequest {
  dryRun: boolean;
  unsafe: boolean;
  /** Which sources came from stdin (their fixed text goes to stdout). */
  fromStdin: ReadonlySet<DockerfileSource>;
  /** Where each file source is on disk. */
  pathOf: ReadonlyMap<DockerfileSource, string>;
}

/** Returns the fixed sources and whether stdout now holds the fixed Dockerfile or the diff. */
export async function applyLintFixes(sources: DockerfileSource[], options: DockerfileLintOptions, request: FixRequest): Promise<{ sources: DockerfileSource[]; stdoutUsed: boolean }> {
  const results = await fixDockerfiles(sources, { ...options, unsafe: request.unsafe });
  const fixedSources: DockerfileSource[] = [];
  let stdoutUsed = false;
  let diff = '';
  for (const [i, result] of results.entries()) {
    const source = sources[i];
    fixedSources.push({ file: source.file, text: result.text });
    const count = result.fixed.length;
    const verb = request.dryRun ? 'would fix' : 'fixed';
    log(`${source.file}: ${count === 0 ? 'nothing to fix' : `${verb} ${count} finding${count === 1 ? '' : 's'} (${[...new Set(result.fixed.map((f) => f.ruleId))].join(', ')})`}`
      + (result.unsafeLeft > 0 ? `; ${result.unsafeLeft} more with --unsafe` : ''));
    if (result.broken) log(`${source.file}: stopped fixing: a fix made a Dockerfile that does not parse (${result.broken}); please report this`);
    if (request.dryRun) { diff += unifiedDiff(source.file, result.before, result.text); continue; }
    if (request.fromStdin.has(source)) { await writeOutput(result.text, undefined); stdoutUsed = true; continue; }
    if (result.text === result.before) continue;
    const path = request.pathOf.get(source)!;
    try {
      await writeFile(path, result.text);
    } catch (error) {
      throw new InputError(`cannot write the fixed Dockerfile (${(error as NodeJS.ErrnoException).code ?? error})`, path);
    }
  }
  if (request.dryRun) { await writeOutput(diff, undefined); stdoutUsed = true; }
  return { sources: fixedSources, stdoutUsed };
}
