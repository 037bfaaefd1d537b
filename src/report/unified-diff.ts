/**
 * A unified diff (`diff -u` / `git diff` shape) of two texts, for `tsimage lint --fix-dry-run`: what `patch
 * -p0` and `git apply` read. Lines are compared with Myers' O(ND) algorithm after the common head and tail,
 * so a fix that touches a few lines of a long Dockerfile costs a few passes, not lines².
 */

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Beyond this many changed lines the middle is shown as one block of deletions then insertions. */
const MAX_EDIT_DISTANCE = 2000;

/**
 * The edit script from `a` to `b`, line by line: the common head and tail first, then Myers 1986 on the
 * rest with the trace kept for the walk back (memory grows with the square of the changed lines, hence the
 * bound; past it the diff is still correct, only not minimal).
 */
function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ' as const, line }));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB) ?? [...midA.map((line) => ({ kind: '-' as const, line })), ...midB.map((line) => ({ kind: '+' as const, line }))];
  for (const op of middle) ops.push(op);
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

function myers(a: string[], b: string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  v[offset + 1] = 0;
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { done = true; break; }
    }
  }
  if (!done) return undefined;
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    // trace[d] holds v[k] for k in [-d-1, d+1] at index k + d + 1.
    const at = (k: number) => trace[d][k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ kind: ' ', line: a[--x] }), y--;
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y] });
      else ops.push({ kind: '-', line: a[--x] });
    }
  }
  return ops.reverse();
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/** `--- a/FILE` / `+++ b/FILE` and the hunks; '' when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a.lines, b.lines);
  // git's a/ and b/ prefixes for a relative path (`git apply`, `patch -p1`); an absolute path as it is.
  const absolute = file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file);
  const out = absolute ? [`--- ${file}`, `+++ ${file}`] : [`--- a/${file}`, `+++ b/${file}`];
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  while (i < ops.length) {
    if (ops[i].kind === ' ') { i++; oldLine++; newLine++; continue; }
    // A hunk: from CONTEXT lines before this change to CONTEXT after the last change within 2×CONTEXT.
    let start = i;
    let back = 0;
    while (start > 0 && ops[start - 1].kind === ' ' && back < CONTEXT) { start--; back++; }
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end].kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * CONTEXT) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + 1 + CONTEXT);
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = oldLine - back;
    const newStart = newLine - back;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const [j, op] of hunk.entries()) {
      out.push(op.kind + op.line);
      const index = start + j;
      // "\ No newline at end of file" after the last line of a side that lacks it.
      const lastOld = op.kind !== '+' && !a.finalNewline && isLast(ops, index, '+');
      const lastNew = op.kind !== '-' && !b.finalNewline && isLast(ops, index, '-');
      if (lastOld || lastNew) out.push('\\ No newline at end of file');
    }
    for (const op of ops.slice(i, end)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    i = end;
  }
  return out.join('\n') + '\n';
}

/** As GNU diff: `start,count`, just `start` for one line, and the line before for none. */
function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${count === 0 ? start - 1 : start},${count}`;
}

/** True when no op after `index` belongs to the same side (ignoring ops of the other side, `skip`). */
function isLast(ops: Op[], index: number, skip: Op['kind']): boolean {
  for (let j = index + 1; j < ops.length; j++) if (ops[j].kind !== skip) return false;
  return true;
}
