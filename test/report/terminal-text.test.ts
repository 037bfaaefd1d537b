import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutVisible, stripEscapes, visibleWidth } from '../../src/report/terminal-text.js';

const DIM = '\x1b[2m';
const UNDIM = '\x1b[22m';

test('visible width leaves colour codes out', () => {
  assert.equal(visibleWidth(`${DIM}(no history)${UNDIM}`), 12);
  assert.equal(visibleWidth('\x1b[31merror  \x1b[39m'), 7);
  assert.equal(visibleWidth('plain'), 5);
  assert.equal(visibleWidth('\x1b]8;;https://x.test\x07link\x1b]8;;\x07'), 4);
});

test('a cut never splits an escape sequence and resets what it opened', () => {
  // The cell that left terminals dim: 21 characters with its codes, 12 visible.
  const cell = `${DIM}(no history)${UNDIM}`;
  assert.equal(cutVisible(cell, 20), cell, 'fits: unchanged');
  assert.equal(cutVisible(cell, 1), '…', 'one column: only the ellipsis, no code opened');
  for (let width = 2; width < 12; width++) {
    const out = cutVisible(cell, width);
    assert.equal(visibleWidth(out), width, `width ${width}: ${JSON.stringify(out)}`);
    assert.equal(stripEscapes(out), '(no history)'.slice(0, width - 1) + '…');
    assert.ok(out.startsWith(DIM), JSON.stringify(out));
    assert.ok(out.endsWith('\x1b[0m…'), `width ${width}: reset before the ellipsis: ${JSON.stringify(out)}`);
    assert.doesNotMatch(stripEscapes(out), /\x1b|\[\d/, 'no piece of an escape is left visible');
  }
});

test('plain text is cut to the width with an ellipsis and no codes added', () => {
  assert.equal(cutVisible('RUN apt-get install -y curl', 10), 'RUN apt-g…');
  assert.equal(cutVisible('short', 10), 'short');
  assert.equal(cutVisible('ä€😀xyz', 4), 'ä€😀…');
});
