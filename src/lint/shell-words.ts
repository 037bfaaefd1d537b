/**
 * The words of a simple command, quotes stripped (no expansion): what the RegExp form
 * `text.match(/"[^"]*"|'[^']*'|\S+/g).map((w) => w.replace(/^["']|["']$/g, ''))` gives, read by hand.
 * The RegExp pair was the largest part of lint's time on a Dockerfile of all-different RUN lines (a match
 * array, then a second string per word from the replace). test/lint/shell-words.test.ts compares the two.
 */

const DOUBLE = 0x22; // "
const SINGLE = 0x27; // '

/** JavaScript's `\s`, exactly: the RegExp form split words at these. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const isQuote = (c: number) => c === DOUBLE || c === SINGLE;

/** Reads the words one at a time, so a caller that needs only the first few never splits the rest. */
export class ShellWordReader {
  private at = 0;

  constructor(private readonly text: string) {}

  /** The next word, or undefined after the last. */
  next(): string | undefined {
    const text = this.text;
    const length = text.length;
    let start = this.at;
    while (start < length && isSpace(text.charCodeAt(start))) start++;
    if (start >= length) {
      this.at = length;
      return undefined;
    }
    const first = text.charCodeAt(start);
    if (isQuote(first)) {
      // A quoted word when its closing quote exists (spaces and all), as `"[^"]*"` and `'[^']*'` match.
      const close = text.indexOf(first === DOUBLE ? '"' : "'", start + 1);
      if (close >= 0) {
        this.at = close + 1;
        return text.slice(start + 1, close);
      }
    }
    let end = start + 1;
    while (end < length && !isSpace(text.charCodeAt(end))) end++;
    this.at = end;
    // One quote off each end, as `^["']|["']$` takes (a lone quote becomes '').
    const from = isQuote(first) ? start + 1 : start;
    const to = end > from && isQuote(text.charCodeAt(end - 1)) ? end - 1 : end;
    return text.slice(from, to);
  }
}

/** Every word of a simple command, quotes stripped. */
export function shellWords(text: string): string[] {
  const reader = new ShellWordReader(text);
  const out: string[] = [];
  for (let word = reader.next(); word !== undefined; word = reader.next()) out.push(word);
  return out;
}
