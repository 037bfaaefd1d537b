/**
 * One image's fleet row, cut from its gated analysis report: the figures a platform team compares across
 * images, nothing that could hold a secret (no ENV, labels, commands or finding messages).
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { Finding, Severity } from '../lint/types.js';
import { compareText, emptySeverityCounts } from './summarize.js';
import type { FleetImageRow, FleetListEntry, FleetRuleCount } from './types.js';

const TOP_WASTED = 10;

/** `findings` and `gatePassed` as analyze's gate judged them (after config, ignores and thresholds). */
export function fleetRow(entry: FleetListEntry, report: AnalysisReport, findingsAfterGate: readonly Finding[], gatePassed: boolean): FleetImageRow {
  const findings = emptySeverityCounts();
  const rules = new Map<string, FleetRuleCount>();
  for (const finding of findingsAfterGate) {
    // A summary of findings past the per-rule cap stands for `omitted` of them (its bytes are already their sum).
    const stands = finding.omitted ?? 1;
    findings[finding.severity] += stands;
    const rule = rules.get(finding.ruleId) ?? { ruleId: finding.ruleId, severity: finding.severity, count: 0, bytes: 0 };
    rule.count += stands;
    rule.bytes += finding.bytes ?? 0;
    // A rule's findings can differ in severity (config overrides per finding are not possible, but rules may
    // report several); the row keeps the most serious.
    if (rank(finding.severity) < rank(rule.severity)) rule.severity = finding.severity;
    rules.set(finding.ruleId, rule);
  }
  const platform = [report.image.os, report.image.architecture, report.image.variant].filter(Boolean).join('/');
  const base = report.base;
  return {
    ref: entry.ref,
    position: entry.position,
    status: 'ok',
    name: report.image.name,
    digest: report.image.digest,
    platform: platform || undefined,
    layerCount: report.layerCount,
    totalBytes: report.totalBytes,
    finalBytes: report.finalBytes,
    compressedBytes: report.compressedBytes,
    wastedBytes: report.waste.reclaimableBytes,
    efficiency: report.waste.efficiency,
    base: base && {
      image: base.guess.image,
      confidence: base.guess.confidence,
      eol: base.eol.map(({ subject, date, ended }) => ({ subject, date, ended })),
    },
    findings,
    rules: [...rules.values()].sort((a, b) => b.count - a.count || compareText(a.ruleId, b.ruleId)),
    topWasted: report.waste.topPaths.slice(0, TOP_WASTED).map(({ path, bytes, cause }) => ({ path, bytes, cause })),
    gatePassed,
  };
}

/** The row of an image that could not be read: the one line analyze would have printed. */
export function errorRow(entry: FleetListEntry, message: string): FleetImageRow {
  return { ref: entry.ref, position: entry.position, status: 'error', error: message, findings: emptySeverityCounts(), rules: [], topWasted: [], gatePassed: false };
}

function rank(severity: Severity): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}
