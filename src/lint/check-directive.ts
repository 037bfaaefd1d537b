/**
 * BuildKit's `# check=` parser directive (Dockerfile 1.8): `skip=A,B` or `skip=all` turns build checks off,
 * `error=true` makes any check that fires fail the build, `experimental=all` (or names) runs the experimental
 * checks; they combine with `;`
 * (`# check=skip=JSONArgsRecommended;error=true`). Like every directive it counts only at the very top of the
 * file (the parser keeps it in `directives` only there). Check names are case-sensitive, as BuildKit's are.
 */
import type { ParsedDockerfile } from '../dockerfile/parse.js';

export interface CheckDirective {
  /** 1-based line of the directive. */
  line: number;
  skipAll: boolean;
  /** BuildKit check names to skip, as written. */
  skip: Set<string>;
  /** `error=true`: a finding of a BuildKit check is an error. */
  error: boolean;
  /** `experimental=all` or `experimental=A,B`: experimental checks to run. */
  experimentalAll: boolean;
  experimental: Set<string>;
}

export function readCheckDirective(df: ParsedDockerfile): CheckDirective | undefined {
  const value = df.directives.check;
  if (value === undefined) return undefined;
  // Directives are the file's first lines, in order: the check directive's line is its position among them.
  const line = Object.keys(df.directives).indexOf('check') + 1;
  const directive: CheckDirective = { line, skipAll: false, skip: new Set(), error: false, experimentalAll: false, experimental: new Set() };
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const setting = part.slice(eq + 1).trim();
    if (key === 'skip') {
      for (const name of setting.split(',').map((s) => s.trim()).filter(Boolean)) {
        if (name === 'all') directive.skipAll = true;
        else directive.skip.add(name);
      }
    } else if (key === 'experimental') {
      for (const name of setting.split(',').map((s) => s.trim()).filter(Boolean)) {
        if (name === 'all') directive.experimentalAll = true;
        else directive.experimental.add(name);
      }
    } else if (key === 'error') directive.error = setting.toLowerCase() === 'true';
  }
  return directive;
}

/** True when the directive turns on this experimental rule: `experimental=all`, or one of its BuildKit names. */
export function enabledByDirective(directive: CheckDirective | undefined, buildkitNames: readonly string[] | undefined): boolean {
  if (!directive || !buildkitNames?.length) return false;
  return directive.experimentalAll || buildkitNames.some((n) => directive.experimental.has(n));
}

/** True when the directive turns this rule off: `skip=all`, or one of its BuildKit names. */
export function skippedByDirective(directive: CheckDirective | undefined, buildkitNames: readonly string[] | undefined): boolean {
  if (!directive || !buildkitNames?.length) return false;
  return directive.skipAll || buildkitNames.some((n) => directive.skip.has(n));
}
