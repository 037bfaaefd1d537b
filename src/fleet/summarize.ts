/**
 * Fleet totals and top lists, computed from the rows alone: batch (one shard or the whole list) and merge
 * (rows of several shards) call the same function, so a merged report equals the unsharded one.
 */
import type { Severity } from '../lint/types.js';
import type { FleetImageRow, FleetReport, FleetTopPath, FleetTopRule, FleetTotals } from './types.js';

const TOP = 20;

export function emptySeverityCounts(): Record<Severity, number> {
  return { error: 0, warning: 0, info: 0 };
}

export function summarizeFleet(rows: readonly FleetImageRow[]): Pick<FleetReport, 'totals' | 'topRules' | 'topWastedPaths'> {
  const totals: FleetTotals = {
    images: rows.length, analyzed: 0, failed: 0, totalBytes: 0, wastedBytes: 0,
    findings: emptySeverityCounts(), gateFailed: 0, eolImages: 0,
  };
  const rules = new Map<string, FleetTopRule>();
  const paths = new Map<string, FleetTopPath>();
  for (const row of rows) {
    if (row.status !== 'ok') { totals.failed++; continue; }
    totals.analyzed++;
    totals.totalBytes += row.totalBytes ?? 0;
    totals.wastedBytes += row.wastedBytes ?? 0;
    for (const severity of Object.keys(totals.findings) as Severity[]) totals.findings[severity] += row.findings[severity] ?? 0;
    if (!row.gatePassed) totals.gateFailed++;
    if (row.base?.eol.some((status) => status.ended)) totals.eolImages++;
    for (const rule of row.rules) {
      const sum = rules.get(rule.ruleId) ?? { ruleId: rule.ruleId, severity: rule.severity, count: 0, bytes: 0, images: 0 };
      sum.count += rule.count;
      sum.bytes += rule.bytes;
      sum.images++;
      rules.set(rule.ruleId, sum);
    }
    for (const wasted of row.topWasted) {
      const sum = paths.get(wasted.path) ?? { path: wasted.path, bytes: 0, images: 0 };
      sum.bytes += wasted.bytes;
      sum.images++;
      paths.set(wasted.path, sum);
    }
  }
  const topRules = [...rules.values()]
    .sort((a, b) => b.count - a.count || b.bytes - a.bytes || compareText(a.ruleId, b.ruleId))
    .slice(0, TOP);
  const topWastedPaths = [...paths.values()]
    .sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path))
    .slice(0, TOP);
  return { totals, topRules, topWastedPaths };
}

/** Code-unit order, not locale order: the same bytes on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
