/**
 * Whether a shell-style word with `*` wildcards (`rm -f /tmp/*.tar.gz`) names `text`, as
 * `new RegExp('^' + escaped pattern with each * as .* + '$')` answered: `*` matches any run of characters
 * but a line break, everything else matches itself. That regex backtracked through every split of the text
 * among the stars (`rm a*a*a*a*a*b` against a 160-character name took 1.4 s); PathPattern follows every
 * position of the word at once, and its `any` step is that `.*`.
 */
import { PathPattern, pushStep, type PatternStep } from './path-pattern.js';

export function wildcardMatch(pattern: string, text: string): boolean {
  const steps: PatternStep[] = [];
  // By UTF-16 unit, as the RegExp (no `u` flag) and PathPattern read the text.
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') pushStep(steps, { kind: 'any' });
    else steps.push({ kind: 'char', char });
  }
  return new PathPattern(steps).matches(text);
}
