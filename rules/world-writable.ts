import { defineRule } from '../src/lint/rule.js';
import { finalEntries, select, groupBy, instructionText, octalMode, plural } from '../src/lint/rule-helpers.js';

export default defineRule({
  id: 'world-writable',
  category: 'security',
  severity: 'warning',
  description: 'files or directories any user can write (sticky directories such as /tmp excepted)',
  docs: {
    why: 'A world-writable file or directory lets any process in the container, whatever its user, change programs, configuration or data: an unprivileged foothold becomes a persistent one. Give write access to the user that needs it, not to everyone.',
    bad: 'RUN mkdir /app/data && chmod 777 /app/data',
    good: 'RUN mkdir /app/data && chown app:app /app/data && chmod 750 /app/data',
  },
  check(ctx, report) {
    const writable = select(finalEntries(ctx), (f) => {
      const { type, mode } = f.entry;
      if (type === 'symlink' || type === 'char-device' || type === 'block-device' || type === 'fifo') return false;
      if ((mode & 0o002) === 0) return false;
      // A sticky directory (/tmp 1777) is writable by design: only owners can delete their files.
      return !(type === 'directory' && (mode & 0o1000) !== 0);
    });
    for (const [layerIndex, list] of groupBy(writable, (f) => f.layerIndex)) {
      const shown = list.slice(0, 5).map((f) => `/${f.path} (${octalMode(f.entry.mode)})`).join(', ');
      report({
        message: `${plural(list.length, 'world-writable path')} from layer ${layerIndex}: ${shown}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`,
        layerIndex,
        instruction: instructionText(ctx, layerIndex),
        paths: list.map((f) => f.path).sort(),
        fix: `RUN chmod o-w ${list.slice(0, 5).map((f) => '/' + f.path).join(' ')}${list.length > 5 ? ' ...' : ''} (and chown to the user that writes there)`,
      });
    }
  },
});
