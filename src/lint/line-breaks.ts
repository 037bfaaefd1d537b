/**
 * The characters a RegExp's `.` does not match. Checks rewritten from `.*` patterns into linear code keep
 * exactly that rule: what the pattern could not cross, the code does not cross either.
 */
export function isLineBreak(char: string | undefined): boolean {
  return char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029';
}

/** The offset of the first line break at or after `from`, or the text's length. */
export function lineEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isLineBreak(text[at])) at++;
  return at;
}

/** The text after its last line break (all of it when there is none). */
export function lastLine(text: string): string {
  let start = text.length;
  while (start > 0 && !isLineBreak(text[start - 1])) start--;
  return start === 0 ? text : text.slice(start);
}
