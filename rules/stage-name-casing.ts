import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

/** The `AS name` of a FROM as written (the parser lower-cases stage names, as the builder compares them). */
export function writtenStageName(fromArguments: string): { as: string; name: string } | undefined {
  const words = fromArguments.trim().split(/\s+/);
  const asIndex = words.findIndex((w, i) => i > 0 && w.toUpperCase() === 'AS');
  return asIndex > 0 && words[asIndex + 1] ? { as: words[asIndex], name: words[asIndex + 1] } : undefined;
}

export default defineRule({
  id: 'stage-name-casing',
  category: 'hygiene',
  severity: 'warning',
  description: 'a stage name with capital letters: the builder lower-cases it, so FROM and --from spell it two ways',
  buildkit: ['StageNameCasing'],
  docs: {
    why: 'Stage names are case-insensitive: `AS BuilderBase` is stored as `builderbase`, and `COPY --from=BuilderBase` and `FROM builderbase` both find it. Writing it in lower case everywhere keeps one spelling to search for.',
    bad: 'FROM golang:1.22 AS BuilderBase',
    good: 'FROM golang:1.22 AS builder-base',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'FROM') continue;
      const stage = writtenStageName(ins.argumentsWithoutFlags);
      if (!stage || stage.name === stage.name.toLowerCase()) continue;
      report({ message: `stage name ${stage.name} should be lower case`, ...at(ins), fix: `${stage.as} ${stage.name.toLowerCase()}` });
    }
  },
});
