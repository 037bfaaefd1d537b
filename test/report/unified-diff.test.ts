/** The unified diff of `lint --fix-dry-run` gives the same hunks as GNU `diff -u` (skips without diff). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { unifiedDiff } from '../../src/report/unified-diff.js';
import { tempDir } from '../helpers.js';

const dir = tempDir('tsimage-s2-diff-');
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

const CASES: [string, string, string][] = [
  ['one line changed', 'a\nb\nc\n', 'a\nB\nc\n'],
  ['insert at the start, delete at the end', lines(12, (i) => `l${i}`), 'new\n' + lines(11, (i) => `l${i}`)],
  ['two changes far apart: two hunks', lines(30, (i) => `l${i}`), lines(30, (i) => (i === 3 || i === 25 ? `X${i}` : `l${i}`))],
  ['two changes close together: one hunk', lines(30, (i) => `l${i}`), lines(30, (i) => (i === 10 || i === 15 ? `X${i}` : `l${i}`))],
  ['lines joined', 'FROM a\nRUN x\nRUN y\nRUN z\nCMD c\n', 'FROM a\nRUN x \\\n && y \\\n && z\nCMD c\n'],
  ['no newline at the end of either', 'a\nb', 'a\nc'],
  ['into an empty file', '', 'a\nb\n'],
  ['a one-line file', 'a\n', 'b\n'],
];

test('equal texts give no diff', () => assert.equal(unifiedDiff('Dockerfile', 'a\n', 'a\n'), ''));

for (const [name, before, after] of CASES) {
  test(`same hunks as diff -u: ${name}`, (t) => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, before);
    writeFileSync(b, after);
    const gnu = spawnSync('diff', ['-u', a, b], { encoding: 'utf8' });
    if (gnu.error) { t.skip('diff is not installed'); return; }
    const hunks = (text: string) => text.split('\n').slice(2).join('\n');
    assert.equal(hunks(unifiedDiff('Dockerfile', before, after)), hunks(gnu.stdout));
  });
}

test('past 2,000 changed lines the diff is one block, not minimal, and git apply still gives the new text', (t) => {
  const before = lines(3000, (i) => `RUN echo ${i}`);
  const after = lines(3000, (i) => (i % 2 ? `RUN echo ${i} changed` : `RUN echo ${i}`));
  writeFileSync(join(dir, 'Dockerfile'), before);
  const diff = unifiedDiff('Dockerfile', before, after);
  const git = spawnSync('git', ['apply', '-'], { cwd: dir, input: diff });
  if (git.error) { t.skip('git is not installed'); return; }
  assert.equal(git.status, 0, git.stderr.toString());
  assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), after);
});
