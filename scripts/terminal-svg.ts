/**
 * Renders what a terminal showed (text with SGR colour codes) as an SVG picture, for the README. Written here
 * rather than taken from npm: the few packages that do this are unmaintained or pull a headless browser,
 * and a terminal report needs only 16 colours, bold, dim and line wrapping at the terminal's width.
 */

export interface TerminalSvgOptions {
  /** The terminal's width: longer lines wrap, as they did on screen. */
  columns: number;
  title?: string;
}

interface Style { fg?: string; bold: boolean; dim: boolean }
interface Span { column: number; text: string; style: Style }

/** xterm's default 16 colours, a little softened for a dark background (codes 30-37 then 90-97). */
const PALETTE = ['#4d4d4d', '#f0524f', '#5c962c', '#d9a93a', '#3993d4', '#a771bf', '#00a3a3', '#c4c4c4',
  '#7f7f7f', '#ff7670', '#8ec95a', '#f2c55c', '#6cb6ff', '#d38aea', '#3ed6d6', '#ffffff'];
const FOREGROUND = '#d4d4d4';
const BACKGROUND = '#1e1e1e';
const FONT_SIZE = 14;
const CHAR_WIDTH = 8.4;
const LINE_HEIGHT = 18;
const PAD = 16;
const TITLE_BAR = 28;

const ESCAPE = /\x1b\[([0-9;]*)m|\x1b\[[0-?]*[ -/]*[@-~]/g;

function applySgr(style: Style, params: string): Style {
  const next = { ...style };
  for (const part of (params || '0').split(';').map(Number)) {
    if (part === 0) { next.fg = undefined; next.bold = false; next.dim = false; }
    else if (part === 1) next.bold = true;
    else if (part === 2) next.dim = true;
    else if (part === 22) { next.bold = false; next.dim = false; }
    else if (part === 39) next.fg = undefined;
    else if (part >= 30 && part <= 37) next.fg = PALETTE[part - 30];
    else if (part >= 90 && part <= 97) next.fg = PALETTE[part - 90 + 8];
  }
  return next;
}

/** Splits the text into screen rows of styled spans, wrapping at `columns` as the terminal did. */
export function screenRows(text: string, columns: number): Span[][] {
  const rows: Span[][] = [];
  let style: Style = { bold: false, dim: false };
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) {
    let row: Span[] = [];
    let column = 0;
    let last = 0;
    const put = (chunk: string) => {
      for (const char of chunk) {
        if (column === columns) { rows.push(row); row = []; column = 0; }
        const prev = row.at(-1);
        if (prev && prev.style === style && prev.column + [...prev.text].length === column) prev.text += char;
        else row.push({ column, text: char, style });
        column++;
      }
    };
    for (const match of line.matchAll(ESCAPE)) {
      put(line.slice(last, match.index));
      if (match[1] !== undefined) style = applySgr(style, match[1]);
      last = match.index! + match[0].length;
    }
    put(line.slice(last));
    rows.push(row);
  }
  return rows;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderTerminalSvg(text: string, options: TerminalSvgOptions): string {
  const rows = screenRows(text, options.columns);
  const width = Math.ceil(PAD * 2 + options.columns * CHAR_WIDTH);
  const height = TITLE_BAR + PAD * 2 + rows.length * LINE_HEIGHT;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xml(options.title ?? 'terminal')}">`,
    `<rect width="${width}" height="${height}" rx="8" fill="${BACKGROUND}"/>`,
    ...['#ff5f56', '#ffbd2e', '#27c93f'].map((c, i) => `<circle cx="${PAD + i * 20}" cy="${TITLE_BAR / 2 + 2}" r="6" fill="${c}"/>`),
    options.title ? `<text x="${width / 2}" y="${TITLE_BAR / 2 + 6}" fill="#9a9a9a" font-family="ui-monospace,Menlo,Consolas,monospace" font-size="13" text-anchor="middle">${xml(options.title)}</text>` : '',
    `<g font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace" font-size="${FONT_SIZE}" fill="${FOREGROUND}" xml:space="preserve">`,
  ];
  rows.forEach((row, i) => {
    const spans = row.filter((s) => s.text.trim() !== '');
    if (spans.length === 0) return;
    const y = TITLE_BAR + PAD + (i + 1) * LINE_HEIGHT - 4;
    const tspans = spans.map((s) => {
      const attrs = [`x="${(PAD + s.column * CHAR_WIDTH).toFixed(1)}"`];
      if (s.style.fg) attrs.push(`fill="${s.style.fg}"`);
      if (s.style.bold) attrs.push('font-weight="bold"');
      if (s.style.dim) attrs.push('opacity="0.6"');
      return `<tspan ${attrs.join(' ')}>${xml(s.text)}</tspan>`;
    });
    out.push(`<text y="${y}">${tspans.join('')}</text>`);
  });
  out.push('</g>', '</svg>');
  return out.filter(Boolean).join('\n') + '\n';
}
