import { writtenKeyword } from '../src/lint/build-variables.js';
import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { keywordCasingFix } from '../src/lint/casing-fix-edits.js';
import { withFix } from '../src/lint/source-fix.js';

export default defineRule({
  id: 'consistent-instruction-casing',
  category: 'hygiene',
  severity: 'warning',
  description: 'instruction keywords in more than one case: write them all as most of the file does',
  buildkit: ['ConsistentInstructionCasing'],
  docs: {
    why: 'Keywords are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Copy`) is harder to scan and to grep. The majority decides, upper case on a tie, as BuildKit does.',
    bad: 'FROM alpine:3.20\nrun echo hello',
    good: 'FROM alpine:3.20\nRUN echo hello',
  },
  checkSource(dockerfile, report) {
    let upper = 0;
    let lower = 0;
    for (const ins of dockerfile.instructions) {
      const word = writtenKeyword(ins);
      if (word === word.toUpperCase()) upper++;
      else if (word === word.toLowerCase()) lower++;
    }
    const majorityLower = lower > upper;
    for (const ins of dockerfile.instructions) {
      const word = writtenKeyword(ins);
      const wanted = majorityLower ? word.toLowerCase() : word.toUpperCase();
      if (word === wanted) continue;
      report({ message: `command '${word}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`, ...at(ins), fix: wanted, ...withFix(keywordCasingFix(ins, majorityLower ? 'lower' : 'upper')) });
    }
  },
});
