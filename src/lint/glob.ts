/**
 * Path patterns for ignores: `*` matches within one path component, `**` across components, `?` one
 * character. Patterns and paths are compared with a leading slash, so `/usr/share/doc/**` and
 * `usr/share/doc/**` mean the same; a pattern without a wildcard also matches everything below it.
 */
import { PathPattern, pushAnyDirectories, pushAnythingBelow, pushStep, type PatternStep } from './path-pattern.js';

export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.map(compileGlob);
  return (path) => {
    const p = path.startsWith('/') ? path : '/' + path;
    return compiled.some((pattern) => pattern.matches(p));
  };
}

/** The pattern as steps for PathPattern; what each becomes is what the RegExp it replaced said. */
export function compileGlob(pattern: string): PathPattern {
  let p = pattern.startsWith('/') ? pattern : '/' + pattern;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const steps: PatternStep[] = [];
  // Whether the pattern's last two tokens are a `/` and a `**` (not `**/`): `dir/**` matches `dir` as well.
  let afterSlash = false;
  let endsSlashGlobstar = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    let slash = false;
    endsSlashGlobstar = false;
    if (c === '*' && p[i + 1] === '*') {
      // `/**/` also matches a single `/`.
      if (p[i + 2] === '/') { pushAnyDirectories(steps); i += 2; } else { endsSlashGlobstar = afterSlash; pushStep(steps, { kind: 'any' }); i++; }
    } else if (c === '*') pushStep(steps, { kind: 'star' });
    else if (c === '?') steps.push({ kind: 'one' });
    else { steps.push({ kind: 'char', char: c }); slash = c === '/'; }
    afterSlash = slash;
  }
  if (!/[*?]/.test(p)) {
    // No wildcard: everything below the path matches too.
    pushAnythingBelow(steps);
  } else if (endsSlashGlobstar) {
    // The `/` and `**` are the last two steps: make them optional together.
    steps.splice(steps.length - 2, 0, { kind: 'optional', to: steps.length + 1 });
  }
  return new PathPattern(steps);
}

