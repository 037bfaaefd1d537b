/**
 * Fixes for the BuildKit build checks that are about how a line is written, not what it does (issue 18):
 * ConsistentInstructionCasing, FromAsCasing and LegacyKeyValueFormat. The rules that find them come with
 * the BuildKit checks; each calls its builder here next to its check (`...withFix(legacyKeyValueFix(ins))`).
 * All are safe: the builder reads both spellings the same way.
 */
import type { DockerfileInstruction } from '../dockerfile/parse.js';
import { argumentsStart, isSingleLine, keywordEdit, rawEdit, writtenKeyword, type SourceFix } from './source-fix.js';

/** The keyword in upper or lower case, as the majority of the file writes it. */
export function keywordCasingFix(ins: DockerfileInstruction, casing: 'upper' | 'lower'): SourceFix | undefined {
  const written = writtenKeyword(ins);
  const wanted = casing === 'upper' ? written.toUpperCase() : written.toLowerCase();
  if (written === wanted) return undefined;
  return { safety: 'safe', description: `write ${written} in ${casing} case`, edits: [keywordEdit(ins, wanted)] };
}

/** `FROM x as y` → `FROM x AS y` (and `from x AS y` → `from x as y`): AS in the casing of its FROM. */
export function fromAsCasingFix(ins: DockerfileInstruction): SourceFix | undefined {
  if (ins.keyword !== 'FROM') return undefined;
  const start = argumentsStart(ins);
  const match = /^(\S+\s+)(as)(?=\s)/i.exec(ins.raw.slice(start));
  if (!match) return undefined;
  const from = writtenKeyword(ins);
  const wanted = from === from.toLowerCase() ? 'as' : 'AS';
  if (match[2] === wanted) return undefined;
  const at = start + match[1].length;
  return { safety: 'safe', description: `write ${match[2]} as ${wanted}, like ${from}`, edits: [rawEdit(ins, at, at + 2, wanted)] };
}

/**
 * `ENV key value` / `LABEL key value` → `key=value`, or `key="value with spaces"`. Only where the two
 * forms surely mean the same: one line, no quotes, backslashes or backticks in the value, and single
 * spaces (the legacy form keeps the value's text as written).
 */
export function legacyKeyValueFix(ins: DockerfileInstruction): SourceFix | undefined {
  if ((ins.keyword !== 'ENV' && ins.keyword !== 'LABEL') || !isSingleLine(ins)) return undefined;
  const start = argumentsStart(ins);
  const text = ins.raw.slice(start).trimEnd();
  const match = /^([^\s=]+)\s+(\S(?:.*\S)?)$/.exec(text);
  if (!match) return undefined;
  const [, key, value] = match;
  if (/["'\\`]|\s\s|\t/.test(value)) return undefined;
  const written = /\s/.test(value) ? `"${value}"` : value;
  return { safety: 'safe', description: `write ${ins.keyword} ${key}=${written}`, edits: [rawEdit(ins, start, start + text.length, `${key}=${written}`)] };
}
