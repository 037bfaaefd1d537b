import { defineRule } from '../src/lint/rule.js';
import { finalFiles, select, groupBy, instructionText, isInheritedLayer, octalMode, plural } from '../src/lint/rule-helpers.js';

export default defineRule({
  id: 'setuid-files',
  category: 'security',
  severity: 'warning',
  description: 'files with the setuid or setgid bit: a way to gain privileges inside the container',
  docs: {
    why: 'A setuid/setgid executable runs with its owner\'s (usually root\'s) privileges whoever starts it: a bug in it is a privilege escalation. Containers rarely need them (su, passwd, mount...). Remove the bits, or the programs, in the image, and run with no-new-privileges.',
    bad: 'FROM debian:bookworm-slim\nUSER app',
    good: 'FROM debian:bookworm-slim\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\nUSER app',
  },
  check(ctx, report) {
    const files = select(finalFiles(ctx), (f) => (f.entry.mode & 0o6000) !== 0);
    for (const [layerIndex, list] of groupBy(files, (f) => f.layerIndex)) {
      const fromBase = isInheritedLayer(ctx, layerIndex);
      const shown = list.slice(0, 5).map((f) => `/${f.path} (${octalMode(f.entry.mode)})`).join(', ');
      report({
        message: `${plural(list.length, 'setuid/setgid file')} ${fromBase ? `from the base image (layer ${layerIndex})` : `added by layer ${layerIndex}`}: ${shown}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`,
        // The base image's are worth knowing, not worth failing a build over.
        severity: fromBase ? 'info' : undefined,
        layerIndex,
        instruction: instructionText(ctx, layerIndex),
        paths: list.map((f) => f.path).sort(),
        fix: `RUN chmod a-s ${list.slice(0, 5).map((f) => '/' + f.path).join(' ')}${list.length > 5 ? ' ...' : ''}`,
      });
    }
  },
});
