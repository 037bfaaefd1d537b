/**
 * `tsimage lint --fix`: applies the text edits rules attach to their findings (src/lint/source-fix.ts),
 * then lints the result again and repeats until nothing changes, so a fix that makes another possible
 * (merging `apt-get update` into the install, then adding the lists cleanup to it) is taken too, and a
 * second `--fix` finds nothing to do. A fix whose edits overlap an edit already taken this round waits for
 * the next round, when it is recomputed on the new text.
 */
import type { SourceFix, TextEdit } from './source-fix.js';
import type { Finding } from './types.js';

/** Enough for chains of fixes; a rule whose fix does not remove its own finding cannot loop forever. */
const MAX_ROUNDS = 10;

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** Offsets of each line's start in `text` (lines split at `\n`; a `\r` before it belongs to the line ending). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function toOffset(starts: number[], text: string, line: number, column: number): number | undefined {
  const lineStart = starts[line - 1];
  if (lineStart === undefined) return line === starts.length + 1 && column === 1 ? text.length : undefined;
  return lineStart + column - 1;
}

/**
 * Applies whole fixes to `text`, in the order given, skipping a fix any of whose edits overlaps (or starts
 * where) an edit already taken starts. Returns the new text and which fixes were taken.
 */
export function applyFixes(text: string, fixes: readonly SourceFix[]): { text: string; applied: boolean[] } {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const crlf = /\r\n/.test(body);
  const starts = lineStarts(body);
  // Kept sorted by start, so each check is a binary search: a join of 50,000 RUNs is 100,000 edits.
  const taken: OffsetEdit[] = [];
  const applied = fixes.map((fix) => {
    const edits = fix.edits.map((e) => asOffsets(starts, body, e, crlf));
    if (edits.some((e) => e === undefined)) return false;
    const mine = (edits as OffsetEdit[]).slice().sort((a, b) => a.start - b.start);
    if (mine.some((e, i) => i > 0 && overlaps(mine[i - 1], e))) return false;
    if (mine.some((e) => collides(taken, e))) return false;
    for (const e of mine) taken.splice(insertionPoint(taken, e.start), 0, e);
    return true;
  });
  const pieces: string[] = [];
  let at = 0;
  for (const edit of taken) {
    pieces.push(body.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  pieces.push(body.slice(at));
  return { text: bom + pieces.join(''), applied };
}

/** The index of the first edit in `sorted` that starts at or after `start`. */
function insertionPoint(sorted: readonly OffsetEdit[], start: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].start < start) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** True when `edit` overlaps an edit of `sorted`: only its neighbours by start can (taken edits never overlap). */
function collides(sorted: readonly OffsetEdit[], edit: OffsetEdit): boolean {
  const i = insertionPoint(sorted, edit.start);
  return (i > 0 && overlaps(sorted[i - 1], edit)) || (i < sorted.length && overlaps(sorted[i], edit));
}

function asOffsets(starts: number[], text: string, edit: TextEdit, crlf: boolean): OffsetEdit | undefined {
  const start = toOffset(starts, text, edit.line, edit.column);
  const end = toOffset(starts, text, edit.endLine, edit.endColumn);
  if (start === undefined || end === undefined || end < start || end > text.length) return undefined;
  // An edit that ends at column 1 of the next line took the line break: on a CRLF file that is `\r\n`.
  return { start, end, text: crlf ? edit.text.replace(/\r?\n/g, '\r\n') : edit.text };
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

export interface FixOutcome {
  /** The fixed text (the input when nothing applied). */
  text: string;
  /** The findings whose fixes were applied, each as found in the round it was fixed. */
  fixed: Finding[];
  /** Findings left after fixing that have a fix not taken because it is unsafe (without `--unsafe`). */
  unsafeLeft: number;
  rounds: number;
  /** Set when a round's result no longer parsed: that round was undone and fixing stopped there. */
  broken?: string;
}

/**
 * Fixes one Dockerfile: `lint` returns the findings of a text (throwing on a text that does not parse);
 * each round applies every allowed fix that does not collide, until a round changes nothing.
 */
export async function fixDockerfile(text: string, lint: (text: string) => Promise<Finding[]>, options: { unsafe: boolean }): Promise<FixOutcome> {
  let current = text;
  const fixed: Finding[] = [];
  let rounds = 0;
  let findings = await lint(current);
  while (rounds < MAX_ROUNDS) {
    // Safe fixes first, to their fixed point; unsafe ones only then, so they apply to the safely fixed text.
    const safe = findings.filter((f) => f.autofix?.safety === 'safe');
    const fixable = safe.length > 0 ? safe : options.unsafe ? findings.filter((f) => f.autofix) : [];
    if (fixable.length === 0) break;
    const { text: next, applied } = applyFixes(current, fixable.map((f) => f.autofix!));
    if (next === current) break;
    let nextFindings: Finding[];
    try {
      nextFindings = await lint(next);
    } catch (error) {
      return { text: current, fixed, unsafeLeft: unsafeCount(findings, options), rounds, broken: (error as Error).message };
    }
    rounds++;
    fixable.forEach((f, i) => { if (applied[i]) fixed.push(f); });
    current = next;
    findings = nextFindings;
  }
  return { text: current, fixed, unsafeLeft: unsafeCount(findings, options), rounds };
}

function unsafeCount(findings: readonly Finding[], options: { unsafe: boolean }): number {
  return options.unsafe ? 0 : findings.filter((f) => f.autofix?.safety === 'unsafe').length;
}
