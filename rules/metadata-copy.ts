import { defineRule, type ImageCheckContext } from '../src/lint/rule.js';
import { removedGroups, type RemovedGroup } from '../src/lint/removed-groups.js';
import { instructionOfLayer, instructionText, listPaths } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';

export default defineRule({
  id: 'metadata-copy',
  category: 'bloat',
  severity: 'warning',
  description: 'chmod, chown or touch in a later layer stored a second copy of unchanged files',
  docs: {
    why: 'Changing only the mode, owner or time of a file in a later RUN copies the whole file up into the new layer: the bytes ship twice. Set mode and owner when the file is written (`COPY --chmod`, `COPY --chown`) or in the same RUN that creates it.',
    bad: 'COPY app.bin /srv/app.bin\nRUN chmod 600 /srv/app.bin',
    good: 'COPY --chmod=600 app.bin /srv/app.bin',
  },
  check(ctx, report) {
    for (const group of removedGroups(ctx, ['metadata-copy'])) {
      const changer = instructionText(ctx, group.removedBy);
      const writer = instructionOfLayer(ctx, group.writtenBy);
      const count = group.paths.length;
      report({
        message: `layer ${group.removedBy}${changer ? ` (${changer})` : ''} re-stores ${count} unchanged file${count === 1 ? '' : 's'} written by layer ${group.writtenBy} only to change metadata: ${formatBytes(group.bytes)} twice (${listPaths(group.paths)})`,
        layerIndex: group.removedBy,
        instruction: changer,
        paths: group.paths,
        bytes: group.bytes,
        fix: betterWrite(ctx, group) ?? 'set mode and owner in the step that writes the files (COPY --chmod/--chown, or chmod in the same RUN)',
      });
    }
  },
});

/** `COPY --chmod=600 --chown=10001:10001 ...` when the first writer was a COPY/ADD and every file ended up the same way. */
function betterWrite(ctx: ImageCheckContext, group: RemovedGroup): string | undefined {
  const writer = instructionOfLayer(ctx, group.writtenBy);
  if (!writer || (writer.instruction !== 'COPY' && writer.instruction !== 'ADD')) return undefined;
  const flags = new Set<string>();
  for (const version of group.versions) {
    const now = ctx.tree.get(version.path)?.entry;
    if (!now) return undefined;
    const flag: string[] = [];
    if ((now.mode & 0o7777) !== (version.entry.mode & 0o7777)) flag.push(`--chmod=${(now.mode & 0o7777).toString(8).padStart(3, '0')}`);
    if (now.uid !== version.entry.uid || now.gid !== version.entry.gid) flag.push(`--chown=${now.uid}:${now.gid}`);
    flags.add(flag.join(' '));
  }
  if (flags.size !== 1) return undefined;
  const flag = [...flags][0];
  if (!flag) return undefined;
  // The legacy builder records COPY sources as content hashes: name the source generically then.
  const operands = writer.arguments.replace(/^(--\S+\s+)*/, '').replace(/\b(?:file|dir|multi):[0-9a-f]{64}(?:\s+in\b)?/, '<source>');
  return `${writer.instruction} ${flag} ${operands}`.replace(/\s+/g, ' ').trim();
}
