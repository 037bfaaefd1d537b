/**
 * The fix applier (src/lint/apply-fixes.ts): overlapping edits, line endings, and, over every Dockerfile in
 * the repository, that fixing is idempotent and keeps what it must keep (comments, heredoc bodies, the
 * escape directive) and gives a Dockerfile that still parses.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { applyFixes } from '../../src/lint/apply-fixes.js';
import type { SourceFix } from '../../src/lint/source-fix.js';
import { repoRoot } from '../helpers.js';
import { fixWith } from '../rules/fix-tester.js';

const fix = (line: number, column: number, endLine: number, endColumn: number, text: string): SourceFix =>
  ({ safety: 'safe', description: 'test', edits: [{ line, column, endLine, endColumn, text }] });

test('fixes apply in order; one that overlaps an edit already taken is left for the next round', () => {
  const { text, applied } = applyFixes('abcdef\nghi\n', [fix(1, 2, 1, 4, 'X'), fix(1, 3, 1, 5, 'Y'), fix(2, 1, 2, 1, '>'), fix(2, 1, 2, 2, 'G')]);
  assert.equal(text, 'aXdef\n>ghi\n');
  assert.deepEqual(applied, [true, false, true, false]);
});

test('a fix whose own edits overlap, or that points past the end, is not applied', () => {
  const overlapping: SourceFix = { safety: 'safe', description: 'x', edits: [{ line: 1, column: 1, endLine: 1, endColumn: 3, text: 'a' }, { line: 1, column: 2, endLine: 1, endColumn: 4, text: 'b' }] };
  assert.deepEqual(applyFixes('abcd\n', [overlapping, fix(5, 1, 5, 2, 'z')]), { text: 'abcd\n', applied: [false, false] });
});

test('CRLF line endings and a BOM survive: inserted line breaks become CRLF', async () => {
  const code = '\uFEFFFROM debian:12.5\r\nRUN echo a\r\nRUN echo b\r\n';
  assert.equal((await fixWith('consecutive-run', code, true)).text, '\uFEFFFROM debian:12.5\r\nRUN echo a \\\r\n && echo b\r\n');
  const deleted = applyFixes('a\r\nb\r\nc\r\n', [{ safety: 'safe', description: 'x', edits: [{ line: 2, column: 1, endLine: 3, endColumn: 1, text: '' }] }]);
  assert.equal(deleted.text, 'a\r\nc\r\n');
});

test('the escape directive is used for the continuations a fix writes (backtick on Windows)', async () => {
  const code = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a\nRUN echo b\n';
  assert.equal((await fixWith('consecutive-run', code, true)).text, '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n && echo b\n');
});

function dockerfilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : dockerfilesUnder(path);
    return /(^|\.)Dockerfile$|^Dockerfile\./.test(d.name) ? [path] : [];
  });
}

const corpus = ['samples', 'test'].flatMap((d) => dockerfilesUnder(join(repoRoot, d))).sort();

test('the corpus of Dockerfiles under samples/ and test/ is found', () => {
  assert.ok(corpus.length >= 15, `${corpus.length} Dockerfiles`);
});

for (const path of corpus) {
  const name = relative(repoRoot, path).split('\\').join('/');
  test(`fixing ${name} twice changes nothing the second time, and keeps its comments, heredocs and directives`, async () => {
    const code = readFileSync(path, 'utf8');
    const before = parseDockerfile(code);
    for (const unsafe of [false, true]) {
      const once = await fixWith('*', code, unsafe);
      assert.equal(once.broken, undefined);
      assert.equal((await fixWith('*', once.text, unsafe)).text, once.text, `unsafe=${unsafe}: a second --fix changed ${name}`);
      const after = parseDockerfile(once.text);
      assert.deepEqual(after.problems, []);
      assert.deepEqual(after.directives, before.directives);
      assert.deepEqual(after.comments.map((c) => c.text), before.comments.map((c) => c.text), 'every comment, in order');
      assert.deepEqual(after.instructions.flatMap((i) => i.heredocs.map((h) => h.body)), before.instructions.flatMap((i) => i.heredocs.map((h) => h.body)));
      assert.equal(after.stages.length, before.stages.length);
    }
  });
}
