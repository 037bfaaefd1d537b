/**
 * Dockerfile text for recovered values: quoting key=value pairs so the parser reads back the same value,
 * splitting recorded `k=v k2=a b` text where the builder dropped the quotes, and breaking long RUN
 * commands with ` \` continuations the way people write them.
 */
import { splitPairs } from './parse-created-by.js';

/**
 * ENV/LABEL/ARG value as a Dockerfile writes it. History holds values after variable expansion, so a `$`
 * in them is literal and must be escaped, or the rebuild would expand it again.
 */
export function quoteValue(value: string): string {
  if (value !== '' && /^[^\s"'\\$`]+$/.test(value)) return value;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

export function formatPairs(pairs: [string, string | undefined][]): string {
  return pairs.map(([k, v]) => (v === undefined ? k : `${k}=${quoteValue(v)}`)).join(' ');
}

/**
 * `A=x y B=z` → pairs. Builders print values unquoted, so a value with spaces runs into the next pair;
 * where the image config has the final value of a key (`known`), that value decides where it ends.
 */
export function splitPairsKnown(text: string, keyword: string, known: Record<string, string>): [string, string | undefined][] {
  const t = text.trim();
  const pairs: [string, string | undefined][] = [];
  let i = 0;
  while (i < t.length) {
    while (t[i] === ' ') i++;
    if (i >= t.length) break;
    const key = /^([^\s="']+)=/.exec(t.slice(i));
    if (!key) return splitPairs(text, keyword);
    const start = i + key[0].length;
    const value = known[key[1]!];
    if (value !== undefined && t.startsWith(value, start) && (start + value.length === t.length || t[start + value.length] === ' ')) {
      pairs.push([key[1]!, value]);
      i = start + value.length;
      continue;
    }
    // buildah prints the value as the Dockerfile wrote it, quotes and all.
    const quoted = value !== undefined ? readQuoted(t, start) : undefined;
    if (quoted && quoted.value === value) {
      pairs.push([key[1]!, value]);
      i = quoted.end;
      continue;
    }
    // Up to the next ` key=` token.
    const next = / [^\s="']+=/g;
    next.lastIndex = start;
    const m = next.exec(t);
    const end = m ? m.index : t.length;
    pairs.push([key[1]!, t.slice(start, end)]);
    i = end;
  }
  return pairs;
}

/** A Dockerfile-quoted word (`"a \\"b\\""`, `'a b'`, or quotes inside a word) starting at `start`, up to the next space. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] !== '"' && text[start] !== "'") return undefined;
  let value = '';
  let quote: string | undefined;
  let i = start;
  for (; i < text.length && (quote || text[i] !== ' '); i++) {
    const c = text[i]!;
    if (c === '\\' && quote !== "'") { value += text[++i] ?? ''; continue; }
    if (quote && c === quote) { quote = undefined; continue; }
    if (!quote && (c === '"' || c === "'")) { quote = c; continue; }
    value += c;
  }
  return quote ? undefined : { value, end: i };
}

/** Top-level `&&` and `;` positions (outside quotes and escapes), as [index, separator]. */
function separators(command: string): [number, '&&' | ';'][] {
  const out: [number, '&&' | ';'][] = [];
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') { i++; continue; }
    if (c === '"' || c === "'" || c === '`') { quote = c; continue; }
    if (c === '&' && command[i + 1] === '&') { out.push([i, '&&']); i++; continue; }
    // `;;` ends a case branch: not a place to break.
    if (c === ';' && command[i + 1] !== ';' && command[i - 1] !== ';') out.push([i, ';']);
  }
  return out;
}

export const LINE_WIDTH = 80;
const INDENT = '    ';

/**
 * `RUN a && b; c` → lines joined with ` \`: a break before each `&&` and after each `;`, the way
 * hand-written Dockerfiles read. Only when the one-line form is too wide and there is more than one
 * command; quoted text is never split, so the rebuilt command differs only in whitespace between commands.
 */
export function formatRunCommand(command: string, prefix = 'RUN '): string {
  if (command.includes('\n') || (prefix + command).length <= LINE_WIDTH) return prefix + command;
  const seps = separators(command);
  if (!seps.length) return prefix + command;
  const parts: string[] = [];
  let from = 0;
  for (const [at, sep] of seps) {
    const piece = command.slice(from, sep === ';' ? at + 1 : at).trim();
    if (piece && piece !== ';') parts.push(piece);
    else if (piece === ';' && parts.length) parts[parts.length - 1] += ';';
    from = sep === ';' ? at + 1 : at;
  }
  const tail = command.slice(from).trim();
  if (tail) parts.push(tail);
  if (parts.length < 2) return prefix + command;
  return prefix + parts.join(` \\\n${INDENT}`);
}

/** A multi-line RUN script (a BuildKit heredoc in the source) written back as a heredoc. */
export function formatHeredoc(script: string, prefix = 'RUN '): string {
  const body = script.replace(/\n+$/, '');
  let marker = 'EOF';
  for (let n = 1; body.split('\n').includes(marker); n++) marker = `EOF${n}`;
  return `${prefix}<<${marker}\n${body}\n${marker}`;
}
