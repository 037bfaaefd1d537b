/**
 * A baseline accepts today's findings so a pipeline fails only on new ones. It stores fingerprints
 * (see fingerprint.ts), plus rule and first path so a person can read the file.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { findingFingerprint } from './fingerprint.js';
import type { Finding } from './types.js';

export const BASELINE_VERSION = 1;

export interface BaselineFile {
  tsimageBaseline: number;
  findings: { fingerprint: string; ruleId: string; path?: string; instruction?: string }[];
}

export function makeBaseline(findings: readonly Finding[]): BaselineFile {
  const rows = findings.map((f) => ({ fingerprint: findingFingerprint(f), ruleId: f.ruleId, path: f.paths[0], instruction: f.instruction }));
  rows.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return { tsimageBaseline: BASELINE_VERSION, findings: rows };
}

export function serializeBaseline(findings: readonly Finding[]): string {
  return JSON.stringify(makeBaseline(findings), null, 2) + '\n';
}

export function parseBaseline(text: string, file: string): Set<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not a baseline (invalid JSON: ${(error as Error).message})`, file);
  }
  const data = raw as Partial<BaselineFile>;
  if (typeof data !== 'object' || data === null || data.tsimageBaseline !== BASELINE_VERSION || !Array.isArray(data.findings)) {
    throw new InputError(`not a tsimage baseline (expected {"tsimageBaseline": ${BASELINE_VERSION}, "findings": [...]}; write one with --write-baseline)`, file);
  }
  const set = new Set<string>();
  for (const [i, row] of data.findings.entries()) {
    if (typeof row?.fingerprint !== 'string') throw new InputError(`findings[${i}] has no fingerprint`, file);
    set.add(row.fingerprint);
  }
  return set;
}

export function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the baseline: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file);
  }
  return parseBaseline(text, file);
}
