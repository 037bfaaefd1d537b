/**
 * `.dockerignore` matching as Docker does it (moby/patternmatcher): one pattern a line, `#` lines are
 * comments, a leading `!` re-includes, paths are cleaned and compared without a leading `/`, `*` and `?`
 * stay inside one path component, `**` crosses any number, `[...]` is a character class, and a pattern
 * that matches a directory excludes everything below it. The last pattern that matches decides.
 */
import { posix } from 'node:path';
import { PathPattern, pushAnyDirectories, pushStep, type PatternStep } from './path-pattern.js';

interface IgnorePattern {
  exclusion: boolean;
  compiled: PathPattern;
  text: string;
}

export interface Dockerignore {
  /** True when the build context leaves `path` (relative to the context) out. */
  excludes(path: string): boolean;
  /** True when a `!` pattern may bring back something below `dir` after an earlier pattern excluded it. */
  mayReinclude(dir: string): boolean;
}

/** A context path as the builder compares it: cleaned, forward slashes, no leading `/` or `./`. */
export function contextPath(path: string): string {
  const clean = posix.normalize(path.split('\\').join('/')).replace(/^\/+/, '');
  return clean === '' || clean === './' ? '.' : clean.replace(/\/$/, '');
}

/** A `[...]` class the build would refuse (`[z-a]`): the .dockerignore is not valid. */
export class BadDockerignorePattern extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`pattern ${JSON.stringify(pattern)} is not valid (${reason}); the build would refuse this .dockerignore`);
  }
}

/** The line as steps for PathPattern; what each becomes is what the RegExp it replaced said. */
function compilePattern(pattern: string): PathPattern {
  const steps: PatternStep[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` also matches nothing at all: `**/x` matches `x`.
        if (pattern[i + 1] === '/') { i++; pushAnyDirectories(steps); } else pushStep(steps, { kind: 'any' });
      } else pushStep(steps, { kind: 'star' });
    } else if (c === '?') steps.push({ kind: 'one' });
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { steps.push({ kind: 'char', char: '[' }); continue; }
      steps.push({ kind: 'class', admits: characterClass(pattern, pattern.slice(i + 1, end)) });
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) { steps.push({ kind: 'char', char: pattern[i + 1]! }); i++; }
    else steps.push({ kind: 'char', char: c });
  }
  return new PathPattern(steps);
}

/** `[a-z]`, `[!abc]`: a backslash in it is itself, as moby's patternmatcher reads it. */
function characterClass(pattern: string, body: string): (char: string) => boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(`^[${body.replace(/^!/, '^').replace(/\\/g, '\\\\')}]$`);
  } catch (error) {
    throw new BadDockerignorePattern(pattern, (error as Error).message.replace(/^Invalid regular expression: \/.*\/: /, ''));
  }
  return (char) => regex.test(char);
}

export function parseDockerignore(lines: readonly string[]): Dockerignore {
  const patterns: IgnorePattern[] = [];
  for (const line of lines) {
    let text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const exclusion = text.startsWith('!');
    if (exclusion) text = text.slice(1).trim();
    text = contextPath(text);
    if (text === '' ) continue;
    patterns.push({ exclusion, compiled: compilePattern(text), text });
  }
  return {
    excludes(path) {
      const p = contextPath(path);
      let excluded = false;
      for (const pattern of patterns) {
        if (p === '.' ? pattern.text === '*' || pattern.text === '**' : pattern.compiled.matchesOrParent(p)) excluded = !pattern.exclusion;
      }
      return excluded;
    },
    mayReinclude(dir) {
      const d = contextPath(dir);
      return patterns.some((p) => p.exclusion && (d === '.' || p.text.startsWith(d + '/') || /[*?[]/.test(p.text)));
    },
  };
}
