import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { stageInstructions } from '../src/dockerfile/parse.js';

export default defineRule({
  id: 'multiple-cmd-or-entrypoint',
  category: 'hygiene',
  severity: 'warning',
  description: 'more than one CMD, ENTRYPOINT or HEALTHCHECK in a stage: only the last one has any effect',
  hadolint: ['DL4003', 'DL4004'],
  buildkit: ['MultipleInstructionsDisallowed'],
  docs: {
    why: 'Each CMD (or ENTRYPOINT, or HEALTHCHECK) replaces the one before: only the last in the stage counts. An earlier one is dead code that misleads the next reader about what the container runs.',
    bad: 'CMD ["nginx"]\nCMD ["nginx", "-g", "daemon off;"]',
    good: 'CMD ["nginx", "-g", "daemon off;"]',
  },
  checkSource(dockerfile, report) {
    for (const stage of dockerfile.stages) {
      const own = stageInstructions(dockerfile, stage.index);
      for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
        const all = own.filter((i) => i.keyword === keyword);
        const last = all[all.length - 1];
        for (const ins of all.slice(0, -1)) {
          report({ message: `${keyword} on line ${ins.startLine} has no effect: the ${keyword} on line ${last!.startLine} replaces it`, ...at(ins), fix: `delete this ${keyword}` });
        }
      }
    }
  },
});
