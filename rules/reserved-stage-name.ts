import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

/** Names the builder gives a meaning of its own: `FROM scratch` is the empty image, `context` a named build context. */
const RESERVED = new Set(['scratch', 'context']);

export default defineRule({
  id: 'reserved-stage-name',
  category: 'hygiene',
  severity: 'warning',
  description: 'a stage is named scratch or context, names the builder reserves',
  buildkit: ['ReservedStageName'],
  docs: {
    why: '`scratch` is the empty base image and `context` names the build context in `COPY --from`; a stage with either name makes `FROM scratch` or `--from=context` mean something other than what a reader expects.',
    bad: 'FROM alpine:3.20 AS scratch',
    good: 'FROM alpine:3.20 AS base',
  },
  checkSource(dockerfile, report) {
    for (const stage of dockerfile.stages) {
      if (stage.name === undefined || !RESERVED.has(stage.name)) continue;
      const ins = dockerfile.instructions[stage.fromInstruction];
      report({ message: `'${stage.name}' is reserved and should not be used as a stage name`, ...at(ins), fix: `AS ${stage.name}-stage (any name but scratch or context)` });
    }
  },
});
