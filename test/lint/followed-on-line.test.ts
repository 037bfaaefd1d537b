/**
 * Issue 16: the `/A.*B/` checks of hardcoded-password, package-cache-left and runs-as-root were quadratic
 * on a long line of As (400 KB: tens of seconds). followedOnLine (src/lint/followed-on-line.ts) must answer
 * exactly what each regex answered: compared here on random text made of the pieces that matter (the words,
 * word characters that break a \b, line breaks of every kind, and B's own pieces).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followedOnLine } from '../../src/lint/followed-on-line.js';
import { SETS_PASSWORD } from '../../rules/hardcoded-password.js';
import { seededRandom as random } from '../seeded-random.js';

/** Each check as it was (the regex) and as it is (A and B, global). */
const PAIRS: [RegExp, RegExp, RegExp][] = [
  [/\bpasswd\b.*--stdin/, /\bpasswd\b/g, /--stdin/g],
  [/\becho\b.*\|\s*passwd\b/, /\becho\b/g, /\|\s*passwd\b/g],
  [/\b(useradd|usermod|adduser)\b.*\s(-p|--password)\s+\S/, /\b(useradd|usermod|adduser)\b/g, /\s(-p|--password)\s+\S/g],
  [/\bmysqladmin\b.*\bpassword\b/, /\bmysqladmin\b/g, /\bpassword\b/g],
  [/\bhtpasswd\b.*\s-\w*b/, /\bhtpasswd\b/g, /\s-\w*b/g],
  [/\brm\b.*\/var\/cache\/apk/, /\brm\b/g, /\/var\/cache\/apk/g],
  [/\b(distroless|chainguard)\b.*nonroot/, /\b(distroless|chainguard)\b/g, /nonroot/g],
];

const PIECES = [
  'passwd', 'echo', 'useradd', 'usermod', 'adduser', 'mysqladmin', 'htpasswd', 'rm', 'distroless', 'chainguard',
  '--stdin', '|', '| ', '| passwd', '|\npasswd', '-p', '--password', 'password', '-b', '-xb', '-x', 'b', '/var/cache/apk', 'nonroot',
  ' ', '  ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', 'a', '_', '1', '-', 'x', '"', '/',
];

test('followedOnLine answers what /A.*B/ answers', () => {
  const next = random(16);
  const matched = PAIRS.map(() => 0);
  for (let i = 0; i < 60_000; i++) {
    let text = '';
    const count = 1 + Math.floor(next() * 12);
    for (let j = 0; j < count; j++) text += PIECES[Math.floor(next() * PIECES.length)];
    for (const [k, [old, a, b]] of PAIRS.entries()) {
      const expected = old.test(text);
      if (expected) matched[k]!++;
      assert.equal(followedOnLine(text, a, b), expected, `${old} on ${JSON.stringify(text)}`);
    }
  }
  // The random text reaches both answers for every check.
  PAIRS.forEach(([old], k) => assert.ok(matched[k]! > 20 && matched[k]! < 60_000 - 20, `${old}: ${matched[k]} matches`));
});

test('followedOnLine on long lines: As without B, B only before the As, B on the next line', () => {
  const [old, a, b] = PAIRS[0]!;
  for (const text of [
    'passwd '.repeat(5_000),
    '--stdin ' + 'passwd '.repeat(5_000),
    'passwd '.repeat(5_000) + '\n--stdin',
    'passwd '.repeat(5_000) + '\n passwd --stdin',
    'passwd '.repeat(5_000) + '--stdin',
    ('x '.repeat(100) + '\n').repeat(100) + 'passwd x --stdin',
  ]) assert.equal(followedOnLine(text, a, b), old.test(text));
});

test('hardcoded-password finds the commands its regexes found', () => {
  const OLD = [/\bchpasswd\b/, /\bpasswd\b.*--stdin/, /\becho\b.*\|\s*passwd\b/, /\b(useradd|usermod|adduser)\b.*\s(-p|--password)\s+\S/, /\bopenssl\s+passwd\b/, /\bmysqladmin\b.*\bpassword\b/, /\bhtpasswd\b.*\s-\w*b/];
  assert.equal(SETS_PASSWORD.length, OLD.length);
  const next = random(404);
  const pieces = [...PIECES, 'chpasswd', 'openssl', 'openssl passwd', "'root:x'", 'echo root:x | chpasswd'];
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const count = 1 + Math.floor(next() * 10);
    for (let j = 0; j < count; j++) text += pieces[Math.floor(next() * pieces.length)];
    SETS_PASSWORD.forEach(({ what, test: sets }, k) => assert.equal(sets(text), OLD[k]!.test(text), `${what} on ${JSON.stringify(text)}`));
  }
});
