import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { sourceRuns } from '../src/lint/source-runs.js';

export default defineRule({
  id: 'cd-in-run',
  category: 'hygiene',
  severity: 'info',
  description: 'cd in a RUN: WORKDIR says where the following instructions run',
  hadolint: ['DL3003'],
  docs: {
    why: '`cd` lasts only until the end of its RUN, so the next instruction is back in the old directory, which is easy to forget. WORKDIR sets the directory for every following instruction and for the container, and reads as what it is.',
    bad: 'RUN cd /app && make',
    good: 'WORKDIR /app\nRUN make',
  },
  checkSource(dockerfile, report) {
    for (const { ins, commands } of sourceRuns(dockerfile)) {
      // `(cd dir && make)` in a subshell, `cd -` and `cd` with no directory are idioms, not navigation.
      const cds = commands.filter((c) => /^cd\s+[^-\s]/.test(c.text)).map((c) => c.text);
      if (cds.length === 0) continue;
      const dir = cds[0].split(/\s+/)[1];
      report({ message: `this RUN changes directory with ${cds[0]}: use WORKDIR`, ...at(ins), fix: `WORKDIR ${dir}` });
    }
  },
});
