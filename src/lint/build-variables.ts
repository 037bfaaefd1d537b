/**
 * Build variables in Dockerfile instructions, as BuildKit's word expansion sees them: `$NAME`, `${NAME}` and
 * `${NAME:-default}` (with `-`, `+`, `?` and their `:` forms), not inside single quotes, not after the escape
 * character. Used by the BuildKit checks on ARG and ENV use (UndefinedVar, UndefinedArgInFrom,
 * InvalidDefaultArgInFrom).
 */
import type { DockerfileInstruction, ParsedDockerfile } from '../dockerfile/parse.js';
import { keyValuePairs } from './source-helpers.js';

export interface VariableUse {
  name: string;
  /** `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}`: the text names what happens when it is unset. */
  guarded: boolean;
}

/** The ARGs every build gets without declaring them in the global scope (BuildKit's automatic platform args). */
export const AUTOMATIC_PLATFORM_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
  'TARGETSTAGE', 'BUILDKIT_SYNTAX',
]);

/**
 * The predefined proxy ARGs, usable in a stage without an ARG. (The platform ARGs are not: a stage that
 * expands $TARGETARCH must declare `ARG TARGETARCH`.)
 */
export const PROXY_ARGS = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
]);

/** Every variable a word list expands, in order. */
export function variableUses(text: string, escapeChar: string = '\\'): VariableUse[] {
  const uses: VariableUse[] = [];
  let single = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (single) { if (c === "'") single = false; continue; }
    if (c === escapeChar) { i++; continue; }
    if (c === "'") { single = true; continue; }
    if (c !== '$') continue;
    if (text[i + 1] === '{') {
      const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?])?/.exec(text.slice(i));
      if (!match) continue;
      uses.push({ name: match[1], guarded: match[2] !== undefined && !match[2].endsWith('?') });
      i += match[0].length - 1;
    } else {
      const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (!match) continue;
      uses.push({ name: match[1], guarded: false });
      i += match[0].length - 1;
    }
  }
  return uses;
}

/**
 * The text with its variables replaced by `values` (an unset one by the empty string, or by its default
 * in `${NAME:-default}`), the way the builder expands a FROM with the global ARGs' defaults.
 */
export function expandVariables(text: string, values: ReadonlyMap<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced: string | undefined, colon: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const value = values.get(braced ?? bare!);
    if (!op) return value ?? '';
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '-') return unset ? word ?? '' : value!;
    return unset ? '' : word ?? '';
  });
}

/** The ARGs before the first FROM (the global scope FROM lines expand), with their defaults. */
export function globalArgs(df: ParsedDockerfile): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const ins of df.instructions) {
    if (ins.stageIndex >= 0) break;
    if (ins.keyword !== 'ARG') continue;
    for (const [name, value] of argDeclarations(ins)) args.set(name, value);
  }
  return args;
}

/** The names an ARG declares (`ARG A=1 B`), with their defaults (quotes removed). */
export function argDeclarations(ins: DockerfileInstruction): [string, string | undefined][] {
  const words = ins.argumentsWithoutFlags.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g) ?? [];
  return words.map((word) => {
    const eq = word.indexOf('=');
    return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1).replace(/^(["'])([\s\S]*)\1$/, '$2')];
  });
}

/** The names an ENV sets (both forms). */
export function envNames(ins: DockerfileInstruction): string[] {
  return keyValuePairs(ins.argumentsWithoutFlags).map(([name]) => name);
}

/** The keyword as written (`from`, `Run`), for the checks on casing. */
export function writtenKeyword(ins: DockerfileInstruction): string {
  // Most keywords are written as the parse spells them: no regex, no new string. raw read once: it is cut
  // from the source when read.
  const raw = ins.raw;
  const after = raw.charCodeAt(ins.keyword.length) | 0x20;
  if (raw.startsWith(ins.keyword) && !(after >= 0x61 && after <= 0x7a)) return ins.keyword;
  return /^\s*([A-Za-z]+)/.exec(raw)?.[1] ?? ins.keyword;
}

/** Levenshtein distance, capped: for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest of `names` to `name` (case-insensitive distance ≤ 2, not equal), for a "did you mean" hint. */
export function closestName(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    if (candidate === name) continue;
    const distance = editDistance(name.toUpperCase(), candidate.toUpperCase());
    if (distance < bestDistance && distance < Math.max(name.length, candidate.length)) { best = candidate; bestDistance = distance; }
  }
  return best;
}
