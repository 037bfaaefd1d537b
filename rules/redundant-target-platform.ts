import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'redundant-target-platform',
  category: 'hygiene',
  severity: 'info',
  description: 'FROM --platform=$TARGETPLATFORM: that is the default, the flag adds nothing',
  buildkit: ['RedundantTargetPlatform'],
  docs: {
    why: 'A stage is built for the target platform unless its FROM says otherwise, so `--platform=$TARGETPLATFORM` changes nothing and suggests to a reader that it does. `--platform=$BUILDPLATFORM` is the flag that matters (cross-compiling stages).',
    bad: 'FROM --platform=$TARGETPLATFORM alpine:3.20',
    good: 'FROM alpine:3.20',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'FROM') continue;
      const platform = ins.flags.find((f) => f.name === 'platform')?.value;
      if (platform === undefined || !/^\$(TARGETPLATFORM|\{TARGETPLATFORM\})$/.test(platform.trim())) continue;
      report({ message: `setting platform to predefined ${platform} in FROM is redundant: it is the default`, ...at(ins), fix: 'drop --platform from this FROM' });
    }
  },
});
