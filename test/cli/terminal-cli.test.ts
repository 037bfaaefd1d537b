/**
 * The terminal report as a person sees it: run through a pseudo-terminal (util-linux `script`) at 40, 80
 * and 200 columns, with colour on and with NO_COLOR. Checks that NO_COLOR leaves no escape code at all, that
 * the layer table fits the terminal, and that no line leaves a style (dim, bold, a colour) switched on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sample } from '../helpers.js';
import { runInTerminal, scriptUnavailable } from '../../scripts/terminal.js';
import { stripEscapes, visibleWidth } from '../../src/report/terminal-text.js';

const noScript = scriptUnavailable();

/** SGR codes that switch a style on, by the code that switches it off again. */
const CLOSES: Record<string, string> = { 1: '22', 2: '22', 3: '23', 4: '24', 7: '27', 9: '29' };
const closerOf = (code: number) => CLOSES[code] ?? ((code >= 30 && code <= 37) || (code >= 90 && code <= 97) || code === 38 ? '39' : (code >= 40 && code <= 47) || (code >= 100 && code <= 107) || code === 48 ? '49' : undefined);

/** The lines whose end leaves a style on, and any escape that is not a whole CSI sequence. */
function styleLeaks(text: string): string[] {
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    const open = new Set<string>();
    for (const match of line.matchAll(/\x1b\[([0-9;]*)m/g)) {
      for (const part of (match[1] || '0').split(';')) {
        if (part === '0' || part === '') open.clear();
        else if (['22', '23', '24', '27', '29', '39', '49'].includes(part)) open.delete(part);
        else { const closer = closerOf(Number(part)); if (closer) open.add(closer); }
      }
    }
    if (open.size) problems.push(`style left on (${[...open].join(',')}): ${JSON.stringify(line)}`);
    const rest = line.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
    if (rest.includes('\x1b')) problems.push(`a cut escape: ${JSON.stringify(line)}`);
  }
  return problems;
}

const tableLines = (text: string) => stripEscapes(text).split('\n').filter((l) => /^[┌│└]/.test(l));

for (const columns of [40, 80, 200]) {
  test(`analyze at ${columns} columns: the table fits, no style leaks, NO_COLOR prints no escape`, { skip: noScript }, async () => {
    const coloured = runInTerminal(['analyze', sample('waste.docker.tar')], columns);
    assert.equal(coloured.code, 0, coloured.out);
    assert.match(coloured.out, /\x1b\[/, 'a terminal gets colour');
    assert.match(coloured.out, /\x1b\[33mwarning\x1b\[39m/, 'the severity label is coloured');
    assert.deepEqual(styleLeaks(coloured.out), []);
    const table = tableLines(coloured.out);
    assert.ok(table.length >= 14, 'the layer table is there');
    for (const line of table) assert.ok(visibleWidth(line) <= columns, `wider than ${columns}: ${line}`);
    if (columns >= 80) assert.match(table[1], /Files \+\/~\/-/);
    assert.ok(table.some((l) => l.includes('WORKDIR /srv/app')), 'a short instruction is shown whole');

    const plain = runInTerminal(['analyze', sample('waste.docker.tar')], columns, { NO_COLOR: '1' });
    assert.equal(plain.code, 0);
    assert.doesNotMatch(plain.out, /\x1b/, 'NO_COLOR: not one escape code, severity labels included');
    assert.match(plain.out, /^ {2}warning deleted-in-later-layer/m);
    assert.deepEqual(tableLines(plain.out), table, 'the same table without colour');

    const flag = runInTerminal(['analyze', sample('waste.docker.tar'), '--no-color'], columns);
    assert.doesNotMatch(flag.out, /\x1b/, '--no-color');
  });
}

test('lint on a terminal: severity labels coloured, and none with NO_COLOR', { skip: noScript }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsimage-tty-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dockerfile = join(dir, 'Dockerfile');
  writeFileSync(dockerfile, 'FROM debian\nRUN cd /src && make\n');
  for (const columns of [40, 80, 200]) {
    const coloured = runInTerminal(['lint', dockerfile], columns);
    assert.equal(coloured.code, 0, coloured.out);
    assert.match(coloured.out, /\x1b\[33mwarning\x1b\[39m latest-base-tag/);
    assert.deepEqual(styleLeaks(coloured.out), []);
    const plain = runInTerminal(['lint', dockerfile], columns, { NO_COLOR: '1' });
    assert.doesNotMatch(plain.out, /\x1b/, `NO_COLOR at ${columns} columns`);
    assert.match(plain.out, /Dockerfile:1 {2}warning latest-base-tag/);
  }
});
