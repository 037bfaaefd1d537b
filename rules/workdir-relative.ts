import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'workdir-relative',
  category: 'hygiene',
  severity: 'warning',
  description: 'WORKDIR with a relative path: where it lands depends on every WORKDIR before it and on the base image',
  hadolint: ['DL3000'],
  docs: {
    why: 'A relative WORKDIR is resolved against the previous WORKDIR, which may come from the base image: change the base and the app moves. An absolute path says where it is.',
    bad: 'WORKDIR app',
    good: 'WORKDIR /app',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'WORKDIR') continue;
      const dir = ins.argumentsWithoutFlags.trim().replace(/^(["'])(.*)\1$/, '$2');
      // Variables are decided at build time; `C:\app` and `/app` are absolute.
      if (dir === '' || dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir)) continue;
      report({ message: `WORKDIR ${dir} is relative`, ...at(ins), fix: `WORKDIR /${dir.replace(/^\.\//, '')}` });
    }
  },
});
