/**
 * Issue 16: the password-in-a-URL check was a regex with an unbounded scheme tried from every word boundary,
 * quadratic on a long `a.a.a.…` value. Its replacement must find exactly what the regex found: compared here
 * with the old regex on random strings made of the characters that matter, and on crafted long values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretValue, secretReason } from '../../src/analysis/secrets.js';
import { seededRandom as random } from '../seeded-random.js';

const OLD_TEST = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;
const OLD_MASK = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/i;
const edges = (v: string) => (v.length <= 4 ? '****' : `${v.slice(0, 2)}${'*'.repeat(Math.min(8, v.length - 4))}${v.slice(-2)}`);

test('the password-in-a-URL check finds and masks what the old regex did', () => {
  const next = random(16);
  const pieces = ['a', 'Z', '1', '_', '.', '-', '+', ':', '/', '//', '://', '@', ' ', 'x', 'https://', 'u:p@', '=', '"', '\n'];
  let found = 0;
  for (let i = 0; i < 50_000; i++) {
    const length = 1 + Math.floor(next() * 14);
    let value = 'v';
    for (let j = 0; j < length; j++) value += pieces[Math.floor(next() * pieces.length)];
    if (next() < 0.5) value = value.slice(1);
    const expected = OLD_TEST.test(value);
    if (expected) found++;
    assert.equal(secretReason('X', value) === 'a password in a URL', expected, value);
    assert.equal(maskSecretValue(value), edges(value.replace(OLD_MASK, '$1****@')), value);
  }
  assert.ok(found > 1000, `only ${found} of the random values had a password in a URL`);
});

test('long crafted values (a.a.a…, ab-ab-…, many schemes) are read in one pass with the old answers', () => {
  for (const value of ['a.'.repeat(200_000), 'ab-'.repeat(200_000), 'a://b:'.repeat(100_000), 'a.'.repeat(200_000) + 'x://u:secret@host', 'a'.repeat(100) + '://u:p@h']) {
    const small = value.length > 1000 ? value.slice(-2000) : value;
    assert.equal(secretReason('X', value) === 'a password in a URL', OLD_TEST.test(small), value.slice(-40));
  }
  assert.equal(maskSecretValue('a.'.repeat(200_000) + 'x://u:secret@host').endsWith('**st'), true);
});
