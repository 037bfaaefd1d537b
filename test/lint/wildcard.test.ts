/**
 * Issue 16: archive-left matched `rm` words with `*` against the archives a RUN unpacks through a RegExp
 * made from the word, which backtracked through every split of the name among the stars (`rm a*a*a*a*a*b`
 * against a long name never finished). wildcardMatch must answer what that regex answered: compared here on
 * random words and names, line breaks included, no timing asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardMatch } from '../../src/lint/wildcard.js';
import { seededRandom as random } from '../seeded-random.js';

const asRegex = (word: string) => new RegExp('^' + word.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');

test('wildcardMatch answers what the regex made from the word answered', () => {
  const next = random(16);
  const patternPieces = ['*', '*', 'a', 'b', '.', '.tar', '/', 'ab', '\\', '(', '[', '$', '?', '+', '\n', '\r'];
  const textPieces = ['a', 'b', '.', '.tar', '/', 'ab', 'ba', '\\', '(', '[', '$', '?', '+', '*', '\n', '\r'];
  const pick = (pieces: string[], max: number) => {
    let s = '';
    const count = Math.floor(next() * max);
    for (let i = 0; i < count; i++) s += pieces[Math.floor(next() * pieces.length)];
    return s;
  };
  let matched = 0;
  for (let i = 0; i < 100_000; i++) {
    const word = pick(patternPieces, 7);
    const name = pick(textPieces, 9);
    const expected = asRegex(word).test(name);
    if (expected) matched++;
    assert.equal(wildcardMatch(word, name), expected, `${JSON.stringify(word)} on ${JSON.stringify(name)}`);
  }
  assert.ok(matched > 1_000 && matched < 99_000, `${matched} matches`);
});

test('wildcardMatch on the names archive-left sees', () => {
  assert.ok(wildcardMatch('/tmp/*.tar.gz', '/tmp/node-v20.tar.gz'));
  assert.ok(wildcardMatch('*', 'anything'));
  assert.ok(!wildcardMatch('/tmp/*.zip', '/tmp/a.tar'));
  assert.ok(!wildcardMatch('a*a*a*a*a*a*a*a*b', 'a'.repeat(200) + '.tar'));
  assert.ok(wildcardMatch('a*a*a*a*a*a*a*a*r', 'a'.repeat(200) + '.tar'));
});
