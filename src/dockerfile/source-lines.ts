/**
 * A Dockerfile's lines read in place, front to back. The parser only ever moves forward, so it needs the
 * current line and its number, not an array of every line: `split(/\r?\n/)` on 10 MB of empty lines made an
 * array of 10 million slots (80 MB, plus the copies a growing array leaves behind).
 *
 * The lines are exactly those of `text.split(/\r?\n/)` with one trailing empty line dropped (the text after
 * a final newline): `\r` is removed only before `\n`.
 */
export class SourceLines {
  /** 0-based number of the current line. */
  index = 0;
  /** The current line, or undefined past the last one. */
  current: string | undefined;
  private start = 0;
  private end = 0;
  private next = 0;

  constructor(private readonly text: string) {
    this.read(0);
  }

  get done(): boolean {
    return this.current === undefined;
  }

  /** Offset in the text of the current line's first character. */
  get startOffset(): number {
    return this.start;
  }

  /** Offset in the text just past the current line (before its `\r\n` or `\n`). */
  get endOffset(): number {
    return this.end;
  }

  advance(): void {
    if (this.current === undefined) return;
    this.index++;
    this.read(this.next);
  }

  /**
   * The text from `from` to `to` (offsets of line starts and ends) with line breaks as `\n`: the lines
   * between joined by `\n`, as `lines.slice(a, b).join('\n')` would give them.
   */
  between(from: number, to: number): string {
    const part = this.text.slice(from, to);
    return part.includes('\r\n') ? part.replace(/\r\n/g, '\n') : part;
  }

  private read(offset: number): void {
    if (offset >= this.text.length) {
      this.current = undefined;
      this.start = this.end = this.next = this.text.length;
      return;
    }
    const newline = this.text.indexOf('\n', offset);
    this.end = lineEndAt(this.text, offset, newline);
    this.next = newline === -1 ? this.text.length : newline + 1;
    this.start = offset;
    this.current = this.text.slice(offset, this.end);
  }
}

/**
 * Where the line starting at `offset` ends: before its `\n` or `\r\n`, or at the end of the text. `newline`
 * is the offset of the next `\n` when the caller has found it already.
 */
export function lineEndAt(text: string, offset: number, newline = text.indexOf('\n', offset)): number {
  if (newline === -1) return text.length;
  return newline > offset && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}
