import { defineRule } from '../src/lint/rule.js';
import { ownRuns } from '../src/lint/rule-helpers.js';

export default defineRule({
  id: 'empty-layer-run',
  category: 'layering',
  severity: 'info',
  description: 'a RUN changed nothing in the filesystem: it only adds a layer and build time',
  docs: {
    why: 'A RUN whose changes all vanish (a check, an echo, a command whose output went to a cache mount or was deleted in the same step) still adds a layer or a history step and runs on every uncached build. Drop it, or fold it into the RUN it belongs to.',
    bad: 'RUN echo "building version 1.2"\nRUN ls -la /app',
    good: '# nothing: put checks in the RUN that needs them, or in CI',
  },
  check(ctx, report) {
    for (const run of ownRuns(ctx)) {
      // Judge from the layer: no entry, whiteout or opaque marker, or only directories re-stored unchanged.
      const layer = run.layerIndex === undefined ? undefined : ctx.image.layers[run.layerIndex];
      const changes = run.layerIndex === undefined ? undefined : ctx.tree.changes[run.layerIndex];
      const empty = layer === undefined
        || (layer.whiteouts.length === 0 && layer.opaqueDirs.length === 0 && layer.entries.every((e) => e.type === 'directory')
          && changes !== undefined && changes.added === 0 && changes.modified === 0 && changes.removed === 0);
      if (!empty) continue;
      report({
        message: layer === undefined
          ? `history step ${run.historyIndex} (${run.text}) made no layer: the RUN changed nothing`
          : `layer ${run.layerIndex} (${run.text}) changes nothing in the filesystem${layer.entries.length ? ` (only re-stores ${layer.entries.length} unchanged director${layer.entries.length === 1 ? 'y' : 'ies'})` : ''}`,
        layerIndex: run.layerIndex,
        historyIndex: run.historyIndex,
        instruction: run.text,
        paths: layer?.entries.map((e) => e.path) ?? [],
        fix: 'remove the RUN, or join it with && to the RUN it belongs to',
      });
    }
  },
});
