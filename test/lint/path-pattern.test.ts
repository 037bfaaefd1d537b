/**
 * Issue 16: ignore globs and .dockerignore lines were RegExps (`*` as `[^/]*`) that backtracked through every
 * split of a long path component among the stars, and .dockerignore ran its RegExp once per parent directory.
 * PathPattern follows every pattern position at once, in one pass. It must answer what those RegExps
 * answered: they are kept here as the reference and compared on random patterns and paths (line breaks,
 * classes, escapes and regex metacharacters included). No timing is asserted; a backtracking matcher would
 * not finish the last tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextPath, parseDockerignore } from '../../src/lint/dockerignore.js';
import { compileGlob, pathMatcher } from '../../src/lint/glob.js';
import { seededPieces } from '../seeded-random.js';

/** src/lint/glob.ts before PathPattern. */
function oldGlobToRegExp(pattern: string): RegExp {
  let p = pattern.startsWith('/') ? pattern : '/' + pattern;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  let source = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') { source += '(?:.*/)?'; i += 2; } else { source += '.*'; i++; }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (!/[*?]/.test(p)) source += '(?:/.*)?';
  else if (source.endsWith('/.*')) source = source.slice(0, -3) + '(?:/.*)?';
  return new RegExp(`^${source}$`);
}

/** src/lint/dockerignore.ts before PathPattern: the line's RegExp, tried on the path and each parent. */
function oldDockerignoreRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') { i++; source += '(?:.*/)?'; } else source += '.*';
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { source += '\\['; continue; }
      source += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) { source += pattern[i + 1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); i++; }
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const oldExcludedBy = (regex: RegExp, path: string) => {
  const parts = path.split('/');
  for (let n = parts.length; n >= 1; n--) if (regex.test(parts.slice(0, n).join('/'))) return true;
  return false;
};

const PATH_PIECES = ['a', 'b', 'ab', '/', '/', '.', '.log', '-', '\n', '\r', '\u2028', '[', ']', '\\', '$', '+', '(', '*', '?'];

test('ignore globs answer what the RegExp made from them answered (60,000 random pairs)', () => {
  const pick = seededPieces(1601);
  const patternPieces = ['*', '*', '**', '**/', '?', 'a', 'b', '/', '.', '.log', '\n', '[', ']', '\\', '$', '+', '(', '^', '{'];
  let matched = 0;
  for (let i = 0; i < 60_000; i++) {
    const pattern = pick(patternPieces, 7);
    const path = pick(PATH_PIECES, 10);
    const p = path.startsWith('/') ? path : '/' + path;
    const expected = oldGlobToRegExp(pattern).test(p);
    if (expected) matched++;
    assert.equal(pathMatcher([pattern])(path), expected, `${JSON.stringify(pattern)} on ${JSON.stringify(path)}`);
  }
  assert.ok(matched > 3000, `only ${matched} matches: the comparison says little`);
});

test('.dockerignore lines answer what their RegExp on the path and its parents answered (60,000 random pairs)', () => {
  const pick = seededPieces(1602);
  const patternPieces = ['*', '*', '**', '**/', '?', 'a', 'b', '/', '.', '.log', '\n', '[ab]', '[!a]', '[a-c]', '[', '\\*', '\\', '$', '+', '(', '^'];
  let matched = 0;
  let compared = 0;
  for (let i = 0; i < 60_000; i++) {
    const line = pick(patternPieces, 6);
    // What parseDockerignore keeps of the line; comments, blanks and `!` lines are not what is compared here.
    const text = contextPath(line.trim());
    if (line.trim() === '' || line.trim().startsWith('#') || line.trim().startsWith('!') || text === '') continue;
    const path = contextPath(pick(PATH_PIECES, 10));
    const expected = path === '.' ? text === '*' || text === '**' : oldExcludedBy(oldDockerignoreRegex(text), path);
    if (expected) matched++;
    compared++;
    assert.equal(parseDockerignore([line]).excludes(path), expected, `${JSON.stringify(line)} on ${JSON.stringify(path)}`);
  }
  assert.ok(compared > 30_000 && matched > 2000, `${compared} compared, ${matched} matched: the comparison says little`);
});

test('a class the build refuses is named, not a crash', () => {
  assert.throws(() => parseDockerignore(['ok', '[z-a]']), /pattern "\[z-a\]" is not valid/);
});

test('stars against a long name and a pattern of 100,000 stars finish (no backtracking, no recursion)', () => {
  const name = 'a'.repeat(5000);
  assert.equal(pathMatcher(['/x/' + 'a*'.repeat(12) + 'b'])('/x/' + name), false);
  assert.equal(parseDockerignore(['a*'.repeat(12) + 'b']).excludes(name + '/' + name), false);
  assert.equal(compileGlob('*'.repeat(100_000)).matches('/' + name), true);
  assert.equal(parseDockerignore(['*'.repeat(100_000) + 'b']).excludes('a/'.repeat(10_000) + 'b'), true);
});
