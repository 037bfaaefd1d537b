import { defineRule } from '../src/lint/rule.js';
import { removedGroups, rewrittenBaseBookkeeping } from '../src/lint/removed-groups.js';
import { instructionText, listPaths, plural } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';

export default defineRule({
  id: 'overwritten-in-later-layer',
  category: 'bloat',
  severity: 'warning',
  description: 'files replaced by a later layer ship twice: the old version stays in its layer',
  docs: {
    why: 'When a later layer writes a path again with new content, the earlier version is hidden but still stored and pulled with the image. Write each file once, in its final form, or assemble it in a build stage. The base image\'s package database, linker cache and account files (dpkg status, debconf, apk and rpm databases, /etc/ld.so.cache, /etc/passwd) are rewritten by any package install or useradd and the base layer cannot change: those are reported once, as info, with their size.',
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
    const bookkeeping = rewrittenBaseBookkeeping(ctx);
    if (bookkeeping.length > 0) {
      const bytes = bookkeeping.reduce((sum, r) => sum + r.bytes, 0);
      const paths = [...new Set(bookkeeping.map((r) => r.path))].sort();
      const layers = [...new Set(bookkeeping.map((r) => r.removedBy))].sort((a, b) => a - b);
      report({
        severity: 'info',
        message: `${formatBytes(bytes)} of the base image's package database, linker cache and account files (${plural(paths.length, 'file')}) are rewritten by layer${layers.length === 1 ? '' : 's'} ${layers.join(', ')} and ship twice; any package install or useradd does this and the base layer cannot change: ${listPaths(paths)}`,
        layerIndex: layers[0],
        instruction: instructionText(ctx, layers[0]),
        paths,
        // No bytes saved: no change to this Dockerfile removes the base layer's copy.
        fix: 'nothing to fix in this image; a base image with the packages and users already in it avoids the second copy',
      });
    }
  },
});
