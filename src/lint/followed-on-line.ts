/**
 * `/A.*B/.test(text)` without the regex: a word A, then a B starting later on the same line (`.` stops at
 * line breaks; B itself may run on past one, as the regex's B may). The regex tries `.*` from every A and
 * backtracks over the rest of the line for B, so a long line of As with no B was quadratic (400 KB: tens of
 * seconds). Here each line is looked at once: its first A ends first (A is a whole word, `\b…\b` over word
 * characters, so no A ends inside another), and a B after it anywhere on the line is a match.
 *
 * `first` and `then` must be global (`g`): their lastIndex is set here. test/lint/followed-on-line.test.ts
 * compares this with the regex on random lines.
 */
const LINE_BREAK = /[\n\r\u2028\u2029]/g;

export function followedOnLine(text: string, first: RegExp, then: RegExp): boolean {
  // Start of the earliest B at or after the end of the last A looked at (B is searched again only when an A
  // ends after it), so each of the three scans walks the text once.
  let b = -1;
  first.lastIndex = 0;
  for (;;) {
    const a = first.exec(text);
    if (!a) return false;
    const end = a.index + a[0].length;
    if (b < end) {
      then.lastIndex = end;
      const match = then.exec(text);
      // No B after this A: none after any later A either.
      if (!match) return false;
      b = match.index;
    }
    LINE_BREAK.lastIndex = end;
    const lineEnd = LINE_BREAK.exec(text)?.index ?? text.length;
    // `.*` spans the end of A up to B's start, so B may start on the line break itself (a B that begins with \s).
    if (b <= lineEnd) return true;
    first.lastIndex = lineEnd + 1;
  }
}
