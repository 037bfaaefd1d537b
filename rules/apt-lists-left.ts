import { defineRule } from '../src/lint/rule.js';
import { filesUnder, ownFilesByLayer } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { updateAloneLayers } from './apt-update-alone.js';
import { at, cacheMounted, instructionLine } from '../src/lint/source-helpers.js';
import { isAptCommand, shippedRuns } from '../src/lint/source-runs.js';
import { appendEdit, canAppendCommand } from '../src/lint/source-fix.js';

export default defineRule({
  id: 'apt-lists-left',
  category: 'bloat',
  severity: 'warning',
  description: 'apt package lists (/var/lib/apt/lists) were left in a layer',
  hadolint: ['DL3009'],
  docs: {
    why: '`apt-get update` downloads the package indexes into /var/lib/apt/lists, often tens of megabytes. The running container never needs them; removing them in a later RUN does not help, they must go in the same RUN.',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends curl',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*',
  },
  check(ctx, report) {
    // `lock` and the empty `partial/` come with the apt package itself.
    const lists = [...filesUnder(ctx, 'var/lib/apt/lists')].filter((f) => f.path !== 'var/lib/apt/lists/lock' && !f.path.startsWith('var/lib/apt/lists/partial/'));
    // A RUN that only updates is apt-update-alone's finding, with the same bytes: do not count them twice.
    const updateAlone = updateAloneLayers(ctx);
    for (const group of ownFilesByLayer(ctx, lists)) {
      if (updateAlone.has(group.layerIndex)) continue;
      report({
        message: `${formatBytes(group.bytes)} of apt package lists (${group.paths.length} files under /var/lib/apt/lists) were left by layer ${group.layerIndex}`,
        layerIndex: group.layerIndex,
        instruction: group.instruction,
        paths: group.paths,
        bytes: group.bytes,
        fix: group.instruction?.startsWith('RUN ') ? `${group.instruction} && rm -rf /var/lib/apt/lists/*` : 'add `&& rm -rf /var/lib/apt/lists/*` to the RUN that runs apt-get update',
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const { ins, script, commands } of shippedRuns(dockerfile)) {
      // An update with no install is apt-update-alone's finding.
      if (!commands.some((c) => isAptCommand(c, 'update')) || !commands.some((c) => isAptCommand(c, 'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'))) continue;
      if (/\/var\/lib\/apt\/lists/.test(script) && /\brm\b/.test(script)) continue;
      if (cacheMounted(ins, '/var/lib/apt/lists') || ins.flags.some((f) => f.name === 'mount' && /type=tmpfs/.test(f.value ?? '') && /target=\/var\/lib\/apt\/lists/.test(f.value ?? ''))) continue;
      report({
        message: 'apt-get update and install without rm -rf /var/lib/apt/lists/* in the same RUN: the package lists ship in this layer',
        ...at(ins),
        fix: `${instructionLine(ins)} && rm -rf /var/lib/apt/lists/*`,
        // Unsafe: the layer loses the lists, and a later RUN that installs without its own update now fails.
        ...(canAppendCommand(ins) ? { autofix: { safety: 'unsafe' as const, description: 'remove the apt lists at the end of the RUN', edits: [appendEdit(ins, ' && rm -rf /var/lib/apt/lists/*')] } } : {}),
      });
    }
  },
});
