/** Scores our hadolint-coded rules on the labelled corpus (hadolint-parity-corpus.ts). */
import { lintDockerfiles } from '../../src/lint/lint-dockerfile.js';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import { PARITY_CASES, type ParityCase } from './hadolint-parity-corpus.js';

export interface Score { tp: number; fp: number; fn: number; precision: number; recall: number }

/** The lines our rules mapped to the case's code report; undefined when the file is refused (exit 2). */
export async function predictedLines(c: ParityCase): Promise<number[] | undefined> {
  const rules = (await loadBuiltinRules()).filter((r) => r.hadolint?.includes(c.code));
  try {
    const { findings } = await lintDockerfiles([{ file: 'Dockerfile', text: c.dockerfile }], { rules });
    return [...new Set(findings.map((f) => f.line!))].sort((a, b) => a - b);
  } catch {
    return undefined;
  }
}

function score(tp: number, fp: number, fn: number): Score {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export async function parityFigures(): Promise<Score & { byCode: Record<string, Score>; cases: number; deliberate: number; misses: string[] }> {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const misses: string[] = [];
  let deliberate = 0;
  for (const c of PARITY_CASES) {
    if (c.deliberate) { deliberate++; continue; }
    const predicted = (await predictedLines(c)) ?? [];
    const count = counts.get(c.code) ?? { tp: 0, fp: 0, fn: 0 };
    for (const line of predicted) if (c.lines.includes(line)) count.tp++; else { count.fp++; misses.push(`FP ${c.code} line ${line}: ${JSON.stringify(c.dockerfile)}`); }
    for (const line of c.lines) if (!predicted.includes(line)) { count.fn++; misses.push(`FN ${c.code} line ${line}: ${JSON.stringify(c.dockerfile)}`); }
    counts.set(c.code, count);
  }
  const byCode: Record<string, Score> = {};
  let tp = 0, fp = 0, fn = 0;
  for (const [code, c] of [...counts].sort()) { byCode[code] = score(c.tp, c.fp, c.fn); tp += c.tp; fp += c.fp; fn += c.fn; }
  return { ...score(tp, fp, fn), byCode, cases: PARITY_CASES.length, deliberate, misses };
}
