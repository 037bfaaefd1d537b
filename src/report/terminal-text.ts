/**
 * Text for a terminal: widths are counted in visible characters (colour codes take no columns), and a cut
 * never splits an escape sequence and ends with a reset, so a cut cell cannot leave the terminal dim.
 */
import chalk from 'chalk';
import type { Severity } from '../lint/types.js';

/** CSI sequences (colours, cursor) and OSC sequences (hyperlinks). */
const ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/y;
const RESET = '\x1b[0m';

export function stripEscapes(text: string): string {
  return text.replace(new RegExp(ESCAPE.source, 'g'), '');
}

/** Columns the text takes: code points outside escape sequences. */
export function visibleWidth(text: string): number {
  return [...stripEscapes(text)].length;
}

/** Cuts to `width` visible columns, the last one an ellipsis; escapes are kept whole and closed by a reset. */
export function cutVisible(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const keep = Math.max(0, width - 1);
  let out = '';
  let shown = 0;
  let styled = false;
  for (let i = 0; i < text.length && shown < keep;) {
    ESCAPE.lastIndex = i;
    const escape = ESCAPE.exec(text);
    if (escape) {
      out += escape[0];
      styled = true;
      i += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i)!);
    out += char;
    shown++;
    i += char.length;
  }
  return out + (styled ? RESET : '') + '…';
}

/** The severity label, coloured at call time: the colour level is only known once the CLI has read NO_COLOR. */
export function severityMark(severity: Severity): string {
  switch (severity) {
    case 'error': return chalk.red('error  ');
    case 'warning': return chalk.yellow('warning');
    default: return chalk.cyan('info   ');
  }
}
