import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { firstStageNamed } from '../src/dockerfile/parse.js';

export default defineRule({
  id: 'copy-from-unknown-stage',
  category: 'hygiene',
  severity: 'warning',
  description: 'COPY --from names no earlier stage: the builder pulls an image of that name instead',
  hadolint: ['DL3022', 'DL3023'],
  docs: {
    why: 'COPY --from=NAME looks for an earlier stage called NAME; when there is none the builder treats NAME as an image reference and pulls it (a typo of a stage name becomes a pull of some public image). A stage cannot copy from itself or a later stage.',
    bad: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=biuld /app /app',
    good: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      // An image reference (has a registry, tag or digest) or a build-time variable is meant as written.
      if (!from || from.includes('$') || /[:/@]/.test(from)) continue;
      const name = from.toLowerCase();
      const named = firstStageNamed(dockerfile, name);
      if (/^\d+$/.test(name) ? Number(name) < ins.stageIndex : named !== undefined && named.index < ins.stageIndex) continue;
      const namedEarlier = dockerfile.stages.slice(0, Math.max(0, ins.stageIndex)).filter((s) => s.name);
      const self = dockerfile.stages[ins.stageIndex];
      const later = dockerfile.stages.find((s) => s.index >= ins.stageIndex && (s.name === name || String(s.index) === name));
      report({
        message: later ? `COPY --from=${from} refers to ${later === self ? 'its own stage' : `a later stage (line ${later.startLine})`}: a stage can only copy from earlier ones` : `COPY --from=${from}: no earlier stage is called ${from}, so the builder will pull an image named ${from}`,
        ...at(ins),
        fix: namedEarlier.length ? `--from=<one of: ${namedEarlier.slice(0, 10).map((s) => s.name).join(', ')}${namedEarlier.length > 10 ? `, … ${namedEarlier.length - 10} more` : ''}>` : 'name the stage with FROM <image> AS <name> before copying from it',
      });
    }
  },
});
