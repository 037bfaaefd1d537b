/**
 * What a rule attaches to a source finding so `tsimage lint --fix` can repair it: text edits on the
 * Dockerfile, marked safe (the build gives the same filesystem) or unsafe (it may not: `--unsafe`). The
 * builders here turn an instruction's own text (`raw`, its exact source lines) into edits with 1-based
 * line/column ranges, as SARIF regions count them, so a rule never does position arithmetic itself.
 */
import type { DockerfileInstruction } from '../dockerfile/parse.js';

/** Replace the text from (line, column) up to, not including, (endLine, endColumn). 1-based; columns in UTF-16 code units. */
export interface TextEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The new text; `\n` becomes the file's own line ending when applied. */
  text: string;
}

export interface SourceFix {
  /** `safe`: the image's filesystem stays the same; `unsafe`: it may change (applied with `--unsafe` only). */
  safety: 'safe' | 'unsafe';
  /** One line, imperative: `replace MAINTAINER with a LABEL`. */
  description: string;
  edits: TextEdit[];
}

/** The (line, column) of an offset into `ins.raw`. */
function positionInRaw(ins: DockerfileInstruction, offset: number): { line: number; column: number } {
  const before = ins.raw.slice(0, offset);
  const newline = before.lastIndexOf('\n');
  let lines = 0;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) lines++;
  return { line: ins.startLine + lines, column: offset - newline };
}

/** Replace `raw.slice(start, end)` of the instruction with `text`. */
export function rawEdit(ins: DockerfileInstruction, start: number, end: number, text: string): TextEdit {
  const from = positionInRaw(ins, start);
  const to = positionInRaw(ins, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, text };
}

/** Where the keyword is in `raw`: [start, end). */
export function keywordRange(ins: DockerfileInstruction): [number, number] {
  const match = /^\s*([A-Za-z]+)/.exec(ins.raw)!;
  const start = match[0].length - match[1].length;
  return [start, match[0].length];
}

/** The keyword as written (`run`, `Run`, `RUN`). */
export function writtenKeyword(ins: DockerfileInstruction): string {
  const [start, end] = keywordRange(ins);
  return ins.raw.slice(start, end);
}

/** `word` in the casing the instruction's own keyword is written in (lower case stays lower case). */
export function inKeywordCase(ins: DockerfileInstruction, word: string): string {
  const written = writtenKeyword(ins);
  return written === written.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

/** Replace the keyword (`ADD` → `COPY`), keeping everything after it. */
export function keywordEdit(ins: DockerfileInstruction, keyword: string): TextEdit {
  const [start, end] = keywordRange(ins);
  return rawEdit(ins, start, end, keyword);
}

/**
 * Offset in `raw` where the arguments after the keyword and its `--flags` start, past a line continuation
 * right after them (`RUN --mount=... \` with the command on the next line).
 */
export function argumentsStart(ins: DockerfileInstruction): number {
  const match = /^\s*[A-Za-z]+\s+(?:--[A-Za-z][A-Za-z0-9-]*(?:=(?:"[^"]*"|'[^']*'|\S*))?\s+)*(?:[\\`][ \t]*\n\s*)*/.exec(ins.raw);
  return match ? match[0].length : keywordRange(ins)[1];
}

/** True when the instruction is on one line: nothing (continuation, comment, heredoc) a rewrite could lose. */
export function isSingleLine(ins: DockerfileInstruction): boolean {
  return ins.startLine === ins.endLine && ins.heredocs.length === 0;
}

/**
 * True when text can be appended at the end of the instruction's last line: shell form, no heredoc, and
 * the line ends in a command, not in a `# comment` (which would swallow what is appended), `;`, `&` or `|`.
 */
export function canAppendCommand(ins: DockerfileInstruction): boolean {
  if (ins.form !== 'shell' || ins.heredocs.length > 0) return false;
  const last = ins.raw.slice(ins.raw.lastIndexOf('\n') + 1).trimEnd();
  return !/(^|\s)#/.test(withoutQuoted(last)) && !/[;&|\\`]$/.test(last) && last.length > 0;
}

/** The text with quoted strings blanked, so a `#` or `;` inside quotes does not count. */
function withoutQuoted(text: string): string {
  return text.replace(/"(?:\\.|[^"\\])*"|'[^']*'/g, (m) => ' '.repeat(m.length));
}

/** An edit that appends `text` at the end of the instruction's last line (before any trailing spaces). */
export function appendEdit(ins: DockerfileInstruction, text: string): TextEdit {
  const lastStart = ins.raw.lastIndexOf('\n') + 1;
  const end = lastStart + ins.raw.slice(lastStart).trimEnd().length;
  return rawEdit(ins, end, end, text);
}

/** Offsets in `raw` of the lines that are shell text: not comment lines inside the continuation, not heredoc bodies. */
export function codeLineStarts(ins: DockerfileInstruction): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const bodyFrom = ins.heredocs.length > 0 ? ins.heredocs[0].startLine : Infinity;
  let offset = 0;
  const lines = ins.raw.split('\n');
  for (const [i, text] of lines.entries()) {
    if (ins.startLine + i >= bodyFrom) break;
    if (!text.trim().startsWith('#') || i === 0) out.push({ start: offset, text });
    offset += text.length + 1;
  }
  return out;
}

/**
 * Each command-position match of `pattern` (which must have the `g` flag) in the instruction's shell
 * text, with the rest of that simple command (to the next `&&`, `||`, `;`, `|` or unescaped line end).
 */
export function commandMatches(ins: DockerfileInstruction, pattern: RegExp): { start: number; end: number; match: RegExpExecArray; command: string }[] {
  const found: { start: number; end: number; match: RegExpExecArray; command: string }[] = [];
  const code = codeLineStarts(ins).map((line) => ({ ...line, shell: shellPart(line.text) }));
  for (const [i, line] of code.entries()) {
    for (const match of line.shell.matchAll(pattern)) {
      // The rest of the command: this line from the match, and the continued lines after it.
      let command = '';
      for (let j = i; j < code.length; j++) {
        const text = code[j].shell.slice(j === i ? match.index! : 0);
        const stop = /&&|\|\||[;|&]/.exec(text);
        command += ' ' + (stop ? text.slice(0, stop.index) : text);
        if (stop || !/\\\s*$/.test(code[j].text)) break;
      }
      found.push({ start: line.start + match.index!, end: line.start + match.index! + match[0].length, match: match as RegExpExecArray, command: command.replace(/\\\s*$/, '').trim() });
    }
  }
  return found;
}

/** A line's shell text: quoted strings blanked (same length) and a trailing `# comment` cut off. */
function shellPart(text: string): string {
  const blanked = withoutQuoted(text);
  const comment = /(^|\s)#/.exec(blanked);
  return comment ? blanked.slice(0, comment.index) : blanked;
}

/**
 * Matches where a command word can start: at the start of a line or after `;`, `&`, `|`, `(`, or after
 * `RUN`, `sudo`, `then`, `do`, `else`, `exec` or a `NAME=value` assignment. Prefix it to a command pattern.
 */
export const COMMAND_POSITION = String.raw`(?<=(?:^|[;&|(])\s*|(?:^|[\s;&|(])(?:[Rr][Uu][Nn]|sudo|then|do|else|exec|[A-Za-z_][A-Za-z0-9_]*=\S*)\s+)`;

/** Spread into a reported finding: `{ autofix }` when the rule could build a fix, nothing otherwise. */
export function withFix(fix: SourceFix | undefined): { autofix?: SourceFix } {
  return fix ? { autofix: fix } : {};
}
