/**
 * Path patterns for ignores: `*` matches within one path component, `**` across components, `?` one
 * character. Patterns and paths are compared with a leading slash, so `/usr/share/doc/**` and
 * `usr/share/doc/**` mean the same; a pattern without a wildcard also matches everything below it.
 */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const regexes = patterns.map(globToRegExp);
  return (path) => {
    const p = path.startsWith('/') ? path : '/' + path;
    return regexes.some((r) => r.test(p));
  };
}

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.startsWith('/') ? pattern : '/' + pattern;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  let source = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      // `/**/` also matches a single `/`, and a trailing `/**` matches the directory itself.
      if (p[i + 2] === '/') { source += '(?:.*/)?'; i += 2; } else { source += '.*'; i++; }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (!/[*?]/.test(p)) source += '(?:/.*)?';
  else if (source.endsWith('/.*')) source = source.slice(0, -3) + '(?:/.*)?';
  return new RegExp(`^${source}$`);
}
