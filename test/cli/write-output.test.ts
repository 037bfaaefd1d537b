/** writeOutput writes a big report in pieces: the pieces must add up to the text, character for character. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutput } from '../../src/cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'tsimage-write-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a report larger than one piece, with a surrogate pair across the piece boundary, is written unchanged', async () => {
  // '😀' is two UTF-16 units; placed so its halves straddle the 1 MiB boundary.
  const text = 'a'.repeat((1 << 20) - 1) + '😀' + 'é'.repeat(1 << 20) + '\n';
  const file = join(dir, 'report.txt');
  await writeOutput(text, file);
  assert.equal(readFileSync(file, 'utf8'), text);
  writeFileSync(file, 'head\n');
  await writeOutput(text, file, { append: true });
  assert.equal(readFileSync(file, 'utf8'), 'head\n' + text);
});
