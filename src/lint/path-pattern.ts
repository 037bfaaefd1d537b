/**
 * Path patterns (ignore globs, .dockerignore lines, archive-left's `rm` words) matched in one pass over the path, with every possible
 * position in the pattern followed at once (a Thompson NFA, as Go's regexp, which moby's patternmatcher
 * compiles .dockerignore lines to, does). The RegExps these replaced backtracked: `*` as `[^/]*` tried every
 * split of a path component among the stars, so `a*a*a*a*b` against a long name took seconds, and the
 * .dockerignore check ran the RegExp once per parent directory of the path. Here each character of the path
 * is looked at once per live pattern position: pattern length × path length steps at most.
 */

import { isLineBreak } from './line-breaks.js';

export type PatternStep =
  | { readonly kind: 'char'; readonly char: string }
  /** `?`: one character but `/`. */
  | { readonly kind: 'one' }
  /** `[...]`: one character the class admits. */
  | { readonly kind: 'class'; readonly admits: (char: string) => boolean }
  /** `*`: any run of characters without `/`. */
  | { readonly kind: 'star' }
  /** `**`: any run of characters but line breaks (the `.*` of the RegExps this replaced). */
  | { readonly kind: 'any' }
  /** Where an optional group starts: matching may also go on at `to`, past the group. */
  | { readonly kind: 'optional'; readonly to: number };

/** A `**` followed by a slash: any number of directories, none included (the RegExp `(?:.*\/)?`). */
export function pushAnyDirectories(steps: PatternStep[]): void {
  steps.push({ kind: 'optional', to: steps.length + 3 }, { kind: 'any' }, { kind: 'char', char: '/' });
}

/** Nothing, or `/` and anything after it (`(?:/.*)?`): a path and everything below it. */
export function pushAnythingBelow(steps: PatternStep[]): void {
  steps.push({ kind: 'optional', to: steps.length + 3 }, { kind: 'char', char: '/' }, { kind: 'any' });
}

/**
 * Appends a step, folding a star into the same star before it (`**` `**`, `*` `*` match what one does):
 * 100,000 stars are then one position, not 100,000 positions live at every character.
 */
export function pushStep(steps: PatternStep[], step: PatternStep): void {
  const last = steps[steps.length - 1];
  if ((step.kind === 'star' || step.kind === 'any') && last?.kind === step.kind) return;
  steps.push(step);
}

export class PathPattern {
  private readonly accept: number;
  /** Live positions, as a list and as marks of the generation that added them. */
  private current: Int32Array;
  private next: Int32Array;
  private marks: Uint32Array;
  private generation = 0;
  /** Positions waiting to be added: each is pushed at most twice per step (once per way in). */
  private pending: Int32Array;

  constructor(private readonly steps: readonly PatternStep[]) {
    this.accept = steps.length;
    this.current = new Int32Array(steps.length + 1);
    this.next = new Int32Array(steps.length + 1);
    this.marks = new Uint32Array(steps.length + 1);
    this.pending = new Int32Array(2 * (steps.length + 1));
  }

  /** True when the whole of `text` matches. */
  matches(text: string): boolean {
    return this.run(text, false);
  }

  /** True when `text` or one of its parent paths (`a/b/c`: `a/b/c`, `a/b`, `a`) matches. */
  matchesOrParent(text: string): boolean {
    return this.run(text, true);
  }

  private run(text: string, atSlashes: boolean): boolean {
    let count = this.start(this.current, 0, 0);
    for (let i = 0; i < text.length && count > 0; i++) {
      const char = text[i]!;
      if (atSlashes && char === '/' && this.accepting(count)) return true;
      this.generation++;
      let nextCount = 0;
      for (let j = 0; j < count; j++) {
        const position = this.current[j]!;
        const step = this.steps[position];
        if (!step) continue;
        switch (step.kind) {
          case 'char': if (step.char === char) nextCount = this.add(this.next, nextCount, position + 1); break;
          case 'one': if (char !== '/') nextCount = this.add(this.next, nextCount, position + 1); break;
          case 'class': if (step.admits(char)) nextCount = this.add(this.next, nextCount, position + 1); break;
          case 'star': if (char !== '/') nextCount = this.add(this.next, nextCount, position); break;
          case 'any': if (!isLineBreak(char)) nextCount = this.add(this.next, nextCount, position); break;
          case 'optional': break;
        }
      }
      [this.current, this.next] = [this.next, this.current];
      count = nextCount;
    }
    return this.accepting(count);
  }

  private accepting(count: number): boolean {
    for (let j = 0; j < count; j++) if (this.current[j] === this.accept) return true;
    return false;
  }

  private start(list: Int32Array, count: number, position: number): number {
    this.generation++;
    return this.add(list, count, position);
  }

  /**
   * Adds `position` and every position reachable from it without reading a character. A loop over a stack,
   * not recursion: a pattern of 100,000 stars is a chain that long.
   */
  private add(list: Int32Array, count: number, position: number): number {
    const pending = this.pending;
    let top = 0;
    pending[top++] = position;
    while (top > 0) {
      const at = pending[--top]!;
      if (this.marks[at] === this.generation) continue;
      this.marks[at] = this.generation;
      list[count++] = at;
      const step = this.steps[at];
      if (!step) continue;
      if (step.kind === 'star' || step.kind === 'any') pending[top++] = at + 1;
      else if (step.kind === 'optional') { pending[top++] = step.to; pending[top++] = at + 1; }
    }
    return count;
  }
}
