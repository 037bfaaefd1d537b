/**
 * Issue 16: each history entry's created_by is parsed once per image and shared (src/analysis/dockerfile/
 * history-parses.ts). The reconstruction uses the shared parse, made knowing no SHELL, while the shell in
 * force is still the one a build starts with; that holds only if knowing /bin/sh -c (or cmd /S /C) changes
 * no parse: checked here on random created_by strings made of the pieces that matter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyParses, shareHistoryParses } from '../../../src/analysis/dockerfile/history-parses.js';
import { parseCreatedBy } from '../../../src/analysis/dockerfile/parse-created-by.js';
import { seededRandom as random } from '../../seeded-random.js';

const PIECES = [
  '/bin/sh -c ', '/bin/sh -c', '/bin/sh', ' -c', '-c ', 'sh ', 'bash ', '-o pipefail ', '-ec ', ' ', '  ', '\t', '\n',
  '#(nop) ', '#(nop)', 'ENV ', 'ARG ', 'LABEL ', 'RUN ', 'COPY ', 'ADD ', 'SHELL ', 'CMD ', 'EXPOSE ', 'HEALTHCHECK ',
  'cmd /S /C ', 'cmd /S /C', 'CMD /s /c ', 'powershell -Command ', '|1 ', '|2 ', 'A=1 ', 'B=x y', 'echo hi', ' # buildkit',
  '["a", "b"]', '[', ']', '"', "'", 'file:abc in / ', '--mount=type=cache,target=/x ', '/usr/bin/env bash -c ',
];

function randomCreatedBy(next: () => number): string {
  let text = '';
  const count = 1 + Math.floor(next() * 7);
  for (let i = 0; i < count; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

test('knowing the shell a build starts with (/bin/sh -c, cmd /S /C) changes no parse of created_by', () => {
  const next = random(16);
  for (let i = 0; i < 40_000; i++) {
    const text = randomCreatedBy(next);
    const none = parseCreatedBy(text);
    assert.deepEqual(parseCreatedBy(text, { shell: ['/bin/sh', '-c'] }), none, JSON.stringify(text));
    assert.deepEqual(parseCreatedBy(text, { shell: ['cmd', '/S', '/C'] }), none, JSON.stringify(text));
  }
});

test('a SHELL other than the default does change the parse (the reconstruction parses those entries again)', () => {
  const text = 'python3 -c print(1)';
  assert.equal(parseCreatedBy(text).instruction, 'UNKNOWN');
  assert.equal(parseCreatedBy(text, { shell: ['python3', '-c'] }).instruction, 'RUN');
});

function assertDeepFrozen(value: unknown, where: string): void {
  if (typeof value !== 'object' || value === null) return;
  assert.ok(Object.isFrozen(value), `${where} is not frozen`);
  for (const [key, inner] of Object.entries(value)) assertDeepFrozen(inner, `${where}.${key}`);
}

test('history parses are parseCreatedBy of each entry, deep-frozen, and shared by a copy of the history', () => {
  const next = random(7);
  const history = Array.from({ length: 2_000 }, () => ({ createdBy: randomCreatedBy(next) }));
  history.push({ createdBy: '/bin/sh -c #(nop) HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/"] "30s" "3s" "0s" "0s" \'\\x03\'}' }, { createdBy: '|2 A=1 B=2 /bin/sh -c echo' });
  const parses = historyParses(history);
  assert.equal(parses.length, history.length);
  history.forEach((h, i) => {
    assert.deepEqual(parses[i], parseCreatedBy(h.createdBy));
    assertDeepFrozen(parses[i], `parse ${i}`);
  });
  assert.ok(parses.some((p) => p.healthcheck) && parses.some((p) => p.buildArgs) && parses.some((p) => p.pairs?.length));
  assert.throws(() => { (parses.find((p) => p.pairs?.length)!.pairs as unknown[]).push(['X', 'y']); }, TypeError);
  assert.equal(historyParses(history), parses);
  // The analysis report's history is a copy (new entry objects, the same created_by strings): declared one,
  // it reads the same parses; a copy nobody declared is parsed on its own (equal parses, not the same array).
  const copy = history.map((h) => ({ ...h, index: 0 }));
  assert.notEqual(historyParses(copy.slice()), parses);
  assert.deepEqual(historyParses(copy.slice()), parses);
  shareHistoryParses(copy, history);
  assert.equal(historyParses(copy), parses);
  assert.throws(() => shareHistoryParses(copy.slice(1), history));
  const changed = history.map((h) => ({ ...h }));
  changed[5] = { createdBy: '/bin/sh -c #(nop)  ENV CHANGED=1' };
  const other = historyParses(changed);
  assert.notEqual(other, parses);
  assert.equal(other[5]!.instruction, 'ENV');
});
