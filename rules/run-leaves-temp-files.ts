import { defineRule } from '../src/lint/rule.js';
import { formatBytes } from '../src/bytes.js';
import { cacheOf } from './package-cache-left.js';

/** Where a process's leftovers pile up in a container's writable layer. */
const TEMP_PLACES: { name: string; match: RegExp; fix: string }[] = [
  { name: '/tmp', match: /^tmp\/.+/, fix: 'write them to a tmpfs (docker run --read-only --tmpfs /tmp), or make them at build time' },
  { name: '/var/tmp', match: /^var\/tmp\/.+/, fix: 'write them to a tmpfs (docker run --read-only --tmpfs /var/tmp), or make them at build time' },
  { name: 'a cache directory', match: /^(var\/cache\/.+|(root|home\/[^/]+)\/\.cache\/.+)/, fix: 'fill the cache at build time (and keep it only if it is needed), or mount a volume for it' },
];

export default defineRule({
  id: 'run-leaves-temp-files',
  category: 'hygiene',
  severity: 'warning',
  description: 'running the image left files in /tmp, /var/tmp or a cache directory (seen by tsimage run)',
  docs: {
    why: 'Files a container writes into its own filesystem land in its writable layer: they grow with every run, are lost on restart, and on a read-only root filesystem the same write fails. Temp files and caches the command makes at start-up belong in a tmpfs or a volume, or should be made at build time (and cleaned in the same RUN) so every container does not redo the work.',
    bad: 'ENTRYPOINT ["sh", "-c", "pip download -d /tmp/wheels app && exec app"]',
    good: 'RUN pip download -d /tmp/wheels app && pip install /tmp/wheels/* && rm -rf /tmp/wheels\nENTRYPOINT ["app"]   # and run with --read-only --tmpfs /tmp',
  },
  check(ctx, report) {
    if (!ctx.run) return;
    const command = ctx.run.command.join(' ') || '(the image\'s default command)';
    for (const place of TEMP_PLACES) {
      const files = ctx.run.changes.filter((c) => c.kind !== 'deleted' && c.type !== 'directory' && place.match.test(c.path));
      if (files.length === 0) continue;
      const bytes = files.reduce((sum, c) => sum + (c.size ?? 0), 0);
      const cache = files.map((c) => cacheOf(c.path)).find(Boolean);
      report({
        message: `\`${command}\` on ${ctx.run.engine} left ${files.length} file${files.length === 1 ? '' : 's'} (${formatBytes(bytes)}) in ${place.name}`,
        paths: files.map((c) => c.path),
        bytes,
        fix: cache ? cache.fix : place.fix,
      });
    }
  },
});
