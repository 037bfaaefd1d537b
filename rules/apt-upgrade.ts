import { defineRule } from '../src/lint/rule.js';
import { isApt, isInheritedLayer, ownRuns, plural, runCommand, simpleCommands } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { at } from '../src/lint/source-helpers.js';
import { isAptCommand, sourceRuns } from '../src/lint/source-runs.js';

export default defineRule({
  id: 'apt-upgrade',
  category: 'hygiene',
  severity: 'warning',
  description: 'apt-get upgrade in a RUN: unpinned changes, and upgraded base files ship twice',
  hadolint: ['DL3005'],
  docs: {
    why: 'Upgrading every package makes the build depend on the day it runs, and each upgraded file of the base image is stored again in your layer while the old copy stays in the base layer. Use a fresh base image tag (rebuilt with the fixes) and install specific package versions instead.',
    bad: 'RUN apt-get update && apt-get upgrade -y',
    good: 'FROM debian:bookworm-20240110-slim  # a newer base already has the updates',
  },
  check(ctx, report) {
    for (const run of ownRuns(ctx)) {
      const upgrade = simpleCommands(runCommand(run)).find((c) => isApt(c, 'upgrade', 'dist-upgrade', 'full-upgrade'));
      if (!upgrade) continue;
      // Judge from the layers: what the upgrade really re-stored of the base image.
      const restored = run.layerIndex === undefined ? [] : ctx.tree.removed.filter((r) => r.removedBy === run.layerIndex && r.bytes > 0 && isInheritedLayer(ctx, r.writtenBy) && r.cause !== 'deleted');
      const bytes = restored.reduce((s, r) => s + r.bytes, 0);
      report({
        message: `${run.text.length > 100 ? run.text.slice(0, 100) + '...' : run.text} upgrades every package${restored.length ? `: it replaced ${plural(restored.length, 'file')} of the base image, whose ${formatBytes(bytes)} now ship twice` : ''}`,
        layerIndex: run.layerIndex,
        historyIndex: run.historyIndex,
        instruction: run.text,
        paths: restored.map((r) => r.path).sort(),
        ...(restored.length ? { bytes } : {}),
        fix: 'use a newer base image tag instead of upgrading in the image; install pinned versions of the packages you need',
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const { ins, commands } of sourceRuns(dockerfile)) {
      if (!commands.some((c) => isAptCommand(c, 'upgrade', 'dist-upgrade', 'full-upgrade'))) continue;
      report({ message: 'this RUN upgrades every package: unpinned changes, and the upgraded base files ship twice', ...at(ins), fix: 'use a newer base image tag instead of upgrading in the image; install pinned versions of the packages you need' });
    }
  },
});
