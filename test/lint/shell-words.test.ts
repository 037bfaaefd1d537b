/**
 * Issue 16: the words of a simple command were a RegExp match and a RegExp replace per word; shellWords
 * reads them by hand and must give exactly what the RegExp pair gave. Compared here on random commands
 * (quotes closed and unclosed, every character JavaScript's `\s` counts, lone quotes), no timing asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShellWordReader, shellWords } from '../../src/lint/shell-words.js';
import { seededPieces } from '../seeded-random.js';

const regexWords = (text: string) => (text.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));

/** Every character `\s` matches, and neighbours that it does not. */
const SPACES = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const NOT_SPACES = ['\u0008', '\u000e', '\u001f', '\u0085', '\u009f', '\u00a1', '\u180e', '\u200b', '\u1fff', '\u200c', '\u2027', '\u202a', '\u3001', '\ufefe', '\ud83d\ude00'];

test('shellWords gives what the RegExp pair gave (200,000 random commands)', () => {
  const pick = seededPieces(1616);
  const pieces = ['"', '"', "'", "'", 'a', 'apt-get', 'install', '-y', '=', 'x"', "'y", ' ', ' ', '  ', '""', "''", '"a b"', ...SPACES, ...NOT_SPACES];
  let quoted = 0;
  for (let i = 0; i < 200_000; i++) {
    const text = pick(pieces, 12);
    const expected = regexWords(text);
    if (expected.some((w) => /\s/.test(w))) quoted++;
    assert.deepEqual(shellWords(text), expected, JSON.stringify(text));
  }
  assert.ok(quoted > 5_000, `only ${quoted} commands with a quoted space: the comparison says little`);
});

test('each character alone and between words', () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const text of [ch, `a${ch}b`, `"${ch}"`, `${ch}"a`]) assert.deepEqual(shellWords(text), regexWords(text), JSON.stringify(text));
  }
});

test('the reader hands out the same words one at a time and stops', () => {
  const reader = new ShellWordReader(`sudo  "a b" 'c`);
  assert.equal(reader.next(), 'sudo');
  assert.equal(reader.next(), 'a b');
  assert.equal(reader.next(), 'c');
  assert.equal(reader.next(), undefined);
  assert.equal(reader.next(), undefined);
});

test('long lines of quotes', () => {
  const text = '"a '.repeat(100_000);
  assert.deepEqual(shellWords(text), regexWords(text));
  const quotes = `x ${"'".repeat(100_001)} y`;
  assert.deepEqual(shellWords(quotes), regexWords(quotes));
});
