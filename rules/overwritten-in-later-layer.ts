import { defineRule } from '../src/lint/rule.js';
import { removedGroups } from '../src/lint/removed-groups.js';
import { instructionText, listPaths } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/report/bytes.js';

export default defineRule({
  id: 'overwritten-in-later-layer',
  category: 'bloat',
  severity: 'warning',
  description: 'files replaced by a later layer ship twice: the old version stays in its layer',
  docs: {
    why: 'When a later layer writes a path again with new content, the earlier version is hidden but still stored and pulled with the image. Write each file once, in its final form, or assemble it in a build stage.',
    bad: 'COPY config.json /app/config.json\nRUN sed -i s/dev/prod/ /app/config.json',
    good: 'COPY config.prod.json /app/config.json',
  },
  check(ctx, report) {
    for (const group of removedGroups(ctx, ['overwritten', 'type-change'])) {
      const writer = instructionText(ctx, group.writtenBy);
      const overwriter = instructionText(ctx, group.removedBy);
      const count = group.paths.length;
      report({
        message: `${formatBytes(group.bytes)} in ${count} file${count === 1 ? '' : 's'} written by layer ${group.writtenBy} are replaced by layer ${group.removedBy}${overwriter ? ` (${overwriter})` : ''} and ship twice: ${listPaths(group.paths)}`,
        layerIndex: group.writtenBy,
        instruction: writer,
        paths: group.paths,
        bytes: group.bytes,
        fix: 'write the final version once: merge the two steps into one RUN, or produce the file in a build stage and COPY --from it',
      });
    }
  },
});
