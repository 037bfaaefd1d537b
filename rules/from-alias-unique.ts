import { defineRule } from '../src/lint/rule.js';
import { firstStageNamed } from '../src/dockerfile/parse.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'from-alias-unique',
  category: 'hygiene',
  severity: 'error',
  description: 'two stages with the same AS name: COPY --from and FROM cannot tell them apart',
  hadolint: ['DL3024'],
  buildkit: ['DuplicateStageName'],
  docs: {
    why: 'Stage names are how COPY --from, FROM and --target find a stage. Two stages with one name make those references ambiguous (BuildKit refuses the file; the legacy builder silently picks one).',
    bad: 'FROM golang:1.22 AS build\nFROM node:20 AS build',
    good: 'FROM golang:1.22 AS build-api\nFROM node:20 AS build-web',
  },
  checkSource(dockerfile, report) {
    for (const stage of dockerfile.stages) {
      if (!stage.name) continue;
      const first = firstStageNamed(dockerfile, stage.name);
      if (!first || first === stage) continue;
      report({ message: `stage name ${stage.name} is already used by the stage on line ${first.startLine}`, ...at(dockerfile.instructions[stage.fromInstruction]!), fix: `FROM ${stage.baseImage} AS ${stage.name}-${stage.index}` });
    }
  },
});
