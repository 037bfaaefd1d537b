/**
 * Issue 16: source rules that split every apt command into words only to look for one word, or ran seven
 * tests on every script, now ask a RegExp of the text first and skip the work when it says no. A skip must
 * never hide what the work would have found: checked here on random commands (quotes, every `\s`, archive
 * names, the password commands), no timing asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAY_SAY_APT } from '../../rules/apt-instead-of-apt-get.js';
import { ARCHIVE, MAY_NAME_ARCHIVE } from '../../rules/archive-left.js';
import { MAY_SET_PASSWORD, SETS_PASSWORD } from '../../rules/hardcoded-password.js';
import { shellWords } from '../../src/lint/shell-words.js';
import { seededPieces } from '../seeded-random.js';

const SPACES = [' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff'];

test("apt-instead-of-apt-get: no `apt` word where MAY_SAY_APT says none (200,000 random commands)", () => {
  const pick = seededPieces(1617);
  const pieces = ['apt', 'apt', 'apt-get', 'aptitude', 'x', '"', "'", '-', '/', '=', ...SPACES];
  let found = 0;
  for (let i = 0; i < 200_000; i++) {
    const text = pick(pieces, 8);
    const says = shellWords(text).includes('apt');
    if (says) found++;
    if (!MAY_SAY_APT.test(text)) assert.ok(!says, JSON.stringify(text));
  }
  assert.ok(found > 10_000, `only ${found} commands with the word: the check says little`);
});

test('archive-left: no archive word where MAY_NAME_ARCHIVE says none (200,000 random commands)', () => {
  const pick = seededPieces(1618);
  const pieces = ['.', '.tar', '.gz', '.TGZ', '.zip', '.deb', '.7z', 'tar', 'a', '-xf', '-f', '/', '"', "'", ...SPACES];
  let found = 0;
  for (let i = 0; i < 200_000; i++) {
    const text = pick(pieces, 8);
    // As archive-left reads a word: without a leading `-xzf`-like option.
    const names = shellWords(text).some((w) => ARCHIVE.test(w.replace(/^-[a-zA-Z]*f/, '')));
    if (names) found++;
    if (!MAY_NAME_ARCHIVE.test(text)) assert.ok(!names, JSON.stringify(text));
  }
  assert.ok(found > 10_000, `only ${found} commands with an archive word: the check says little`);
});

test('hardcoded-password: no SETS_PASSWORD test passes where MAY_SET_PASSWORD says no (200,000 random scripts)', () => {
  const pick = seededPieces(1619);
  const pieces = ['passwd', 'pass', 'wd', 'chpasswd', 'htpasswd', 'openssl', 'useradd', 'usermod', 'adduser', 'user', 'add', 'mysqladmin', 'password', 'echo', '|', ' ', '\n', '-p', '--stdin', '-b', 'x'];
  let hits = 0;
  for (let i = 0; i < 200_000; i++) {
    const script = pick(pieces, 8);
    const hit = SETS_PASSWORD.some(({ test }) => test(script));
    if (hit) hits++;
    if (!MAY_SET_PASSWORD.test(script)) assert.ok(!hit, JSON.stringify(script));
  }
  assert.ok(hits > 3_000, `only ${hits} scripts that set a password: the check says little`);
});
