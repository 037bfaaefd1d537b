/**
 * `.dockerignore` matching as Docker does it (moby/patternmatcher): one pattern a line, `#` lines are
 * comments, a leading `!` re-includes, paths are cleaned and compared without a leading `/`, `*` and `?`
 * stay inside one path component, `**` crosses any number, `[...]` is a character class, and a pattern
 * that matches a directory excludes everything below it. The last pattern that matches decides.
 */
import { posix } from 'node:path';

interface IgnorePattern {
  exclusion: boolean;
  regex: RegExp;
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

function patternRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` also matches nothing at all: `**/x` matches `x`.
        if (pattern[i + 1] === '/') { i++; source += '(?:.*/)?'; } else source += '.*';
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { source += '\\['; continue; }
      const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) { source += pattern[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); i++; }
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
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
    patterns.push({ exclusion, regex: patternRegex(text), text });
  }
  /** The path itself or one of its parent directories matches. */
  const matches = (pattern: IgnorePattern, path: string): boolean => {
    const parts = path.split('/');
    for (let n = parts.length; n >= 1; n--) if (pattern.regex.test(parts.slice(0, n).join('/'))) return true;
    return false;
  };
  return {
    excludes(path) {
      const p = contextPath(path);
      let excluded = false;
      for (const pattern of patterns) {
        if (p === '.' ? pattern.text === '*' || pattern.text === '**' : matches(pattern, p)) excluded = !pattern.exclusion;
      }
      return excluded;
    },
    mayReinclude(dir) {
      const d = contextPath(dir);
      return patterns.some((p) => p.exclusion && (d === '.' || p.text.startsWith(d + '/') || /[*?[]/.test(p.text)));
    },
  };
}
