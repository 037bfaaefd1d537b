/**
 * `--baseline previous.json`: each image of this run against the same ref in an earlier fleet report —
 * what got better or worse. Images are matched by ref (the list line), the one key both runs share even when
 * a rebuild changed the digest.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { Severity } from '../lint/types.js';
import { parseFleetReport } from './merge.js';
import type { FleetChange, FleetImageRow, FleetReport } from './types.js';

export async function readFleetReport(file: string): Promise<FleetReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the fleet report (${(error as NodeJS.ErrnoException).code ?? error})`, file);
  }
  return parseFleetReport(text, file);
}

export function compareWithBaseline(current: FleetReport, baseline: FleetReport): FleetChange[] {
  const before = new Map(baseline.images.filter((row) => row.status === 'ok').map((row) => [row.ref, row]));
  const changes: FleetChange[] = [];
  const seen = new Set<string>();
  for (const row of current.images) {
    seen.add(row.ref);
    if (row.status !== 'ok') continue;
    const old = before.get(row.ref);
    changes.push(old ? compareRows(old, row) : { ref: row.ref, kind: 'new' });
  }
  const gone = baseline.images.filter((row) => row.status === 'ok' && !seen.has(row.ref)).map((row) => row.ref).sort();
  // A sharded run holds part of the list; what the other shards cover is not gone, only elsewhere.
  const wholeList = current.shard === undefined;
  if (wholeList) for (const ref of gone) changes.push({ ref, kind: 'gone' });
  return changes;
}

function compareRows(before: FleetImageRow, after: FleetImageRow): FleetChange {
  const rulesBefore = new Set(before.rules.map((rule) => rule.ruleId));
  const rulesAfter = new Set(after.rules.map((rule) => rule.ruleId));
  const rulesAdded = [...rulesAfter].filter((id) => !rulesBefore.has(id)).sort();
  const rulesRemoved = [...rulesBefore].filter((id) => !rulesAfter.has(id)).sort();
  const wasted = { before: before.wastedBytes ?? 0, after: after.wastedBytes ?? 0 };
  const total = { before: before.totalBytes ?? 0, after: after.totalBytes ?? 0 };
  const findings = { before: before.findings, after: after.findings };
  // Better or worse on what a platform team acts on: reclaimable bytes and the findings that need fixing.
  const signs = [Math.sign(wasted.after - wasted.before), Math.sign(serious(after.findings) - serious(before.findings))];
  const worse = signs.some((s) => s > 0);
  const better = signs.some((s) => s < 0);
  const verdict = worse && better ? 'mixed' : worse ? 'worse' : better ? 'better' : 'same';
  const same = verdict === 'same' && rulesAdded.length === 0 && rulesRemoved.length === 0 && total.before === total.after && before.findings.info === after.findings.info;
  return { ref: after.ref, kind: same ? 'same' : 'changed', wastedBytes: wasted, totalBytes: total, findings, rulesAdded, rulesRemoved, verdict };
}

function serious(counts: Record<Severity, number>): number {
  return counts.error + counts.warning;
}
