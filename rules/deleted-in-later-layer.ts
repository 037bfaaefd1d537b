import { defineRule } from '../src/lint/rule.js';
import { removedGroups } from '../src/lint/removed-groups.js';
import { instructionText, isInheritedLayer, listPaths } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';

export default defineRule({
  id: 'deleted-in-later-layer',
  category: 'bloat',
  severity: 'warning',
  description: 'files deleted by a later layer still ship in the layer that wrote them',
  docs: {
    why: 'A layer is an immutable tar: `rm` in a later RUN only adds a whiteout marker, and every byte of the deleted files is still downloaded and stored. The same holds for a directory replaced as a whole (an opaque directory). Deleting files of the base image saves nothing and no change to the Dockerfile can: that is reported as info, without a saving. Delete files in the same RUN that creates them, or build them in another stage.',
    bad: 'RUN curl -o /tmp/big.tgz https://example.com/big.tgz && tar -xzf /tmp/big.tgz -C /opt\nRUN rm /tmp/big.tgz',
    good: 'RUN curl -o /tmp/big.tgz https://example.com/big.tgz && tar -xzf /tmp/big.tgz -C /opt && rm /tmp/big.tgz',
  },
  check(ctx, report) {
    for (const group of removedGroups(ctx, ['deleted', 'opaque-dir'])) {
      const writer = instructionText(ctx, group.writtenBy);
      const remover = instructionText(ctx, group.removedBy);
      const fromBase = isInheritedLayer(ctx, group.writtenBy);
      const count = group.paths.length;
      report({
        message: fromBase
          ? `layer ${group.removedBy} deletes ${count} file${count === 1 ? '' : 's'} of the base image (${listPaths(group.paths)}): the ${formatBytes(group.bytes)} stay in base layer ${group.writtenBy}; deleting base files never makes an image smaller`
          : `${formatBytes(group.bytes)} in ${count} file${count === 1 ? '' : 's'} written by layer ${group.writtenBy} and deleted by layer ${group.removedBy}${remover ? ` (${remover})` : ''} still ship: ${listPaths(group.paths)}`,
        // Deleting base files is not the waste to fix but harmless: no change to this Dockerfile gets the bytes back.
        severity: fromBase ? 'info' : undefined,
        layerIndex: fromBase ? group.removedBy : group.writtenBy,
        instruction: fromBase ? remover : writer,
        paths: group.paths,
        bytes: fromBase ? undefined : group.bytes,
        fix: fromBase
          ? 'nothing to delete: the bytes are the base image\'s; a smaller base image, or copying only what you need into a fresh stage (FROM scratch / distroless + COPY --from), is what makes the image smaller'
          : `delete the files in the same RUN that writes them${writer?.startsWith('RUN ') && writer.length <= 100 ? ` (${writer} && rm ...)` : ''}, or produce them in a build stage and COPY --from only the result`,
      });
    }
  },
});
