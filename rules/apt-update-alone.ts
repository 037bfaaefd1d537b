import { defineRule, type ImageCheckContext } from '../src/lint/rule.js';
import { isApt, layerFiles, ownRuns, runCommand, simpleCommands } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { at, runScript } from '../src/lint/source-helpers.js';
import { isAptCommand, sourceRuns } from '../src/lint/source-runs.js';
import { argumentsStart, canAppendCommand, isSingleLine, rawEdit, withFix, type SourceFix } from '../src/lint/source-fix.js';
import { stageInstructions, type DockerfileInstruction, type ParsedDockerfile } from '../src/dockerfile/parse.js';

/**
 * Unsafe (the lists and the install now share a layer, and the build cache key changes): when the next
 * instruction of the stage is a RUN that installs with apt, move the update to the start of that RUN and
 * delete this one. A one-line update without flags only, so nothing it carried is lost.
 */
function mergeIntoInstall(df: ParsedDockerfile, ins: DockerfileInstruction): SourceFix | undefined {
  if (!isSingleLine(ins) || ins.flags.length > 0 || !canAppendCommand(ins)) return undefined;
  const stage = stageInstructions(df, ins.stageIndex);
  const next = stage[stage.indexOf(ins) + 1];
  if (!next || next.keyword !== 'RUN' || next.form !== 'shell' || next.heredocs.length > 0) return undefined;
  if (!simpleCommands(runScript(next)).some((c) => isApt(c, 'install'))) return undefined;
  const at = argumentsStart(next);
  return {
    safety: 'unsafe',
    description: 'merge apt-get update into the next RUN, which installs',
    edits: [
      { line: ins.startLine, column: 1, endLine: ins.endLine + 1, endColumn: 1, text: '' },
      rawEdit(next, at, at, `${ins.argumentsWithoutFlags.trim()} && `),
    ],
  };
}

/** The RUN layers whose command updates the apt indexes without installing anything. */
export function updateAloneLayers(ctx: ImageCheckContext): Set<number> {
  const layers = new Set<number>();
  for (const run of ownRuns(ctx)) {
    const commands = simpleCommands(runCommand(run));
    if (run.layerIndex === undefined) continue;
    if (commands.some((c) => isApt(c, 'update')) && !commands.some((c) => isApt(c, 'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source'))) layers.add(run.layerIndex);
  }
  return layers;
}

export default defineRule({
  id: 'apt-update-alone',
  category: 'bloat',
  severity: 'warning',
  description: 'apt-get update in a RUN without the install: its package lists ship and go stale in the build cache',
  docs: {
    why: 'A RUN that only runs `apt-get update` stores the package indexes (often 20-50 MB) in its own layer, where no later `rm` can remove them. Worse, the build cache keeps that layer, so a later `apt-get install` in another RUN installs from stale indexes. Update, install and clean up in one RUN.',
    bad: 'RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl',
    good: 'RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*',
  },
  check(ctx, report) {
    for (const layerIndex of updateAloneLayers(ctx)) {
      // Judge from the layer: every list file it wrote ships, even if a later RUN deletes it.
      const lists = layerFiles(ctx, layerIndex).filter((e) => e.path.startsWith('var/lib/apt/lists/') && e.path !== 'var/lib/apt/lists/lock' && e.size > 0);
      if (lists.length === 0) continue;
      const bytes = lists.reduce((sum, e) => sum + e.size, 0);
      const run = ownRuns(ctx).find((r) => r.layerIndex === layerIndex)!;
      report({
        message: `layer ${layerIndex} runs apt-get update without an install and stores ${formatBytes(bytes)} of package lists (${lists.length} files under /var/lib/apt/lists)`,
        layerIndex,
        instruction: run.text,
        paths: lists.map((e) => e.path).sort(),
        bytes,
        fix: 'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*',
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const { ins, commands } of sourceRuns(dockerfile)) {
      if (!commands.some((c) => isAptCommand(c, 'update')) || commands.some((c) => isAptCommand(c, 'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source'))) continue;
      report({
        message: 'this RUN runs apt-get update without an install: its package lists ship in their own layer and later installs use stale indexes',
        ...at(ins),
        fix: 'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*',
        ...withFix(mergeIntoInstall(dockerfile, ins)),
      });
    }
  },
});
