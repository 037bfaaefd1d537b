/** The parser's in-place line reader gives the lines `split(/\r?\n/)` gives, without the array. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { SourceLines } from '../../src/dockerfile/source-lines.js';
import { seededRandom } from '../seeded-random.js';

/** What the parser read before: every line, then one trailing empty line dropped. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readAll(text: string): { lines: string[]; indexes: number[]; joined: string[] } {
  const reader = new SourceLines(text);
  const lines: string[] = [];
  const indexes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (; !reader.done; reader.advance()) {
    lines.push(reader.current!);
    indexes.push(reader.index);
    starts.push(reader.startOffset);
    ends.push(reader.endOffset);
  }
  // Every run of consecutive lines, as the parser takes an instruction's raw text.
  const joined: string[] = [];
  for (let a = 0; a < lines.length; a++) for (let b = a; b < Math.min(lines.length, a + 4); b++) joined.push(reader.between(starts[a]!, ends[b]!));
  return { lines, indexes, joined };
}

function expectedJoins(lines: string[]): string[] {
  const joined: string[] = [];
  for (let a = 0; a < lines.length; a++) for (let b = a; b < Math.min(lines.length, a + 4); b++) joined.push(lines.slice(a, b + 1).join('\n'));
  return joined;
}

test('edge cases: empty text, lone and trailing newlines, CRLF, a lone CR, no final newline', () => {
  for (const text of ['', '\n', '\n\n', 'a', 'a\n', 'a\n\n', '\r\n', 'a\r\nb', 'a\rb\n', 'a\r', 'a\r\r\n', '\r', 'x\n\r\n\ny']) {
    const expected = splitLines(text);
    const { lines, indexes, joined } = readAll(text);
    assert.deepEqual(lines, expected, JSON.stringify(text));
    assert.deepEqual(indexes, expected.map((_, i) => i), JSON.stringify(text));
    assert.deepEqual(joined, expectedJoins(expected), JSON.stringify(text));
  }
});

test('the same lines and raw joins as split(/\\r?\\n/) on 5,000 random texts', () => {
  const random = seededRandom(613);
  const pieces = ['\n', '\r\n', '\r', 'RUN a', ' ', '\\', '#', '', 'x'];
  for (let n = 0; n < 5000; n++) {
    let text = '';
    const length = Math.floor(random() * 30);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
    const expected = splitLines(text);
    const { lines, joined } = readAll(text);
    assert.deepEqual(lines, expected, JSON.stringify(text));
    assert.deepEqual(joined, expectedJoins(expected), JSON.stringify(text));
  }
});

test('advancing past the end stays at the end', () => {
  const reader = new SourceLines('a\nb');
  reader.advance();
  reader.advance();
  reader.advance();
  assert.equal(reader.done, true);
  assert.equal(reader.index, 2);
});

test('the keyword and arguments are what /^\\s*([A-Za-z]+)(?:\\s+([\\s\\S]*))?$/ cut (20,000 random lines)', () => {
  const random = seededRandom(1605);
  const pieces = ['RUN', 'run', 'É', ' ', '\t', '\u00a0', '\ufeff', '\v', '1', 'x', 'A', 'z', '-', '--a', '[', '@', '`', '{'];
  let instructions = 0;
  for (let n = 0; n < 20_000; n++) {
    let line = '';
    const length = 1 + Math.floor(random() * 8);
    for (let i = 0; i < length; i++) line += pieces[Math.floor(random() * pieces.length)];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const parsed = parseDockerfile(line);
    const match = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(line);
    if (!match) {
      assert.equal(parsed.instructions.length, 0, JSON.stringify(line));
      assert.equal(parsed.problems.length, 1, JSON.stringify(line));
      continue;
    }
    instructions++;
    const [ins] = parsed.instructions;
    assert.equal(ins?.keyword, match[1]!.toUpperCase(), JSON.stringify(line));
    assert.equal(ins?.arguments, (match[2] ?? '').trim(), JSON.stringify(line));
  }
  assert.ok(instructions > 2000, `only ${instructions} instructions: the comparison says little`);
});
