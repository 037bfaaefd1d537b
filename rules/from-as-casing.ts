import { writtenKeyword } from '../src/lint/build-variables.js';
import { fromAsCasingFix } from '../src/lint/casing-fix-edits.js';
import { withFix } from '../src/lint/source-fix.js';
import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { writtenStageName } from './stage-name-casing.js';

export default defineRule({
  id: 'from-as-casing',
  category: 'hygiene',
  severity: 'warning',
  description: 'FROM and AS written in different cases (FROM ... as, from ... AS)',
  buildkit: ['FromAsCasing'],
  docs: {
    why: 'Keywords are case-insensitive, but `FROM image as build` reads as if `as` were part of the image reference. Write AS in the case of its FROM. A FROM in mixed case (`From`) is left to consistent-instruction-casing.',
    bad: 'FROM debian:12 as build',
    good: 'FROM debian:12 AS build',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'FROM') continue;
      const stage = writtenStageName(ins.argumentsWithoutFlags);
      if (!stage) continue;
      const from = writtenKeyword(ins);
      const upper = from === from.toUpperCase();
      const lower = from === from.toLowerCase();
      if (!upper && !lower) continue;
      const wanted = upper ? 'AS' : 'as';
      if (stage.as === wanted) continue;
      report({ message: `'${stage.as}' and '${from}' keywords' casing do not match`, ...at(ins), fix: `${from} ... ${wanted} ${stage.name}`, ...withFix(fromAsCasingFix(ins)) });
    }
  },
});
