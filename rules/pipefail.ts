import { defineRule } from '../src/lint/rule.js';
import type { DockerfileInstruction } from '../src/dockerfile/parse.js';
import { at } from '../src/lint/source-helpers.js';
import { sourceRuns } from '../src/lint/source-runs.js';

/** A `|` that is a pipe: not `||`, not inside quotes. */
function hasPipe(script: string): boolean {
  // No `|` at all (most RUNs): nothing to walk character by character.
  if (!script.includes('|')) return false;
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === '\\') { i++; continue; }
    if (c === '|') {
      if (script[i + 1] === '|') { i++; continue; }
      return true;
    }
  }
  return false;
}

export default defineRule({
  id: 'pipefail',
  category: 'hygiene',
  severity: 'warning',
  description: 'a RUN with a pipe and no pipefail: a failing command before the | does not fail the build',
  hadolint: ['DL4006'],
  docs: {
    why: '/bin/sh judges a pipeline by its last command only: in `curl -fsSL URL | tar -x` a failed download still gives status 0 when tar copes, and the build goes on with a broken layer. `set -o pipefail` (bash, ash, dash >= 0.5.11) or a SHELL with -o pipefail makes any failure in the pipe fail the RUN.',
    bad: 'RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
    good: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
  },
  checkSource(dockerfile, report) {
    // The last SHELL of the stage before a RUN decides; one pass in file order keeps it at hand. sourceRuns
    // lists the same RUNs in the same order, so it is walked alongside (no map from every RUN to its SHELL).
    const shellOfStage = new Map<number, DockerfileInstruction>();
    const { scripts } = sourceRuns(dockerfile);
    let next = 0;
    for (const ins of dockerfile.instructions) {
      if (ins.keyword === 'SHELL') shellOfStage.set(ins.stageIndex, ins);
      if (ins.keyword !== 'RUN') continue;
      const script = scripts[next++];
      if (ins.form === 'exec' || !hasPipe(script) || /\bset\s+(-[a-z]*o\s+pipefail|-[a-z]*\s+-o\s+pipefail|-o\s+pipefail)|\bset\s+-\w*o\w*\s+pipefail/.test(script)) continue;
      const shell = shellOfStage.get(ins.stageIndex);
      if (shell && (/pipefail/.test(shell.arguments) || !/(^|\/)(sh|bash|ash|dash|zsh)"/.test(shell.arguments))) continue;
      report({ message: 'this RUN pipes commands without set -o pipefail: only the last command\'s failure fails the build', ...at(ins), fix: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"] before the RUN, or start the RUN with set -o pipefail &&' });
    }
  },
});
