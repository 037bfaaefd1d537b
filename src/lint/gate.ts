/**
 * The CI gate: findings at or above --fail-on, and the size/waste thresholds. Pure: the report in, a
 * verdict out (with one line per failure saying which check and by how much). The exit code is
 * src/cli/exit-code.ts.
 */
import type { AnalysisReport } from '../analysis/report.js';
import { formatBytes } from '../bytes.js';
import type { FailOn, Thresholds } from './config.js';
import { countFindings } from './finding-cap.js';
import { SEVERITY_ORDER, type Finding } from './types.js';

export interface ThresholdCheck {
  /** The flag or config key: `max-size`, `min-efficiency`, `lowestEfficiency`... */
  name: string;
  limit: number;
  /** null when the figure cannot be measured for this image (dive's percentage with one layer). */
  actual: number | null;
  passed: boolean;
  /** One line: which check, the figure, the limit and by how much it missed. */
  message: string;
}

export interface GateResult {
  failOn: FailOn;
  passed: boolean;
  /** Findings at or above failOn. */
  failingFindings: number;
  thresholds: ThresholdCheck[];
  /** One line per reason the gate failed; empty when it passed. */
  failures: string[];
  /** Findings accepted by the config's ignores or the baseline (not counted). */
  suppressed: number;
}

export function findingsAtOrAbove(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  return findings.filter((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn]);
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

interface Measure {
  name: string;
  kind: 'max' | 'min';
  actual: (r: AnalysisReport) => number | null;
  show: (n: number) => string;
  /** How the gap is shown. */
  gap: (actual: number, limit: number) => string;
  what: string;
}

const MEASURES: Record<keyof Thresholds, Measure> = {
  maxSize: { name: 'max-size', kind: 'max', what: 'image size', actual: (r) => r.totalBytes, show: formatBytes, gap: (a, l) => `${formatBytes(a - l)} (${a - l} bytes) over` },
  maxLayers: { name: 'max-layers', kind: 'max', what: 'layers', actual: (r) => r.layerCount, show: String, gap: (a, l) => `${a - l} over` },
  minEfficiency: { name: 'min-efficiency', kind: 'min', what: 'efficiency', actual: (r) => r.waste.efficiency, show: pct, gap: (a, l) => `${((l - a) * 100).toFixed(2)} points under` },
  maxWastedBytes: { name: 'max-wasted-bytes', kind: 'max', what: 'wasted bytes', actual: (r) => r.waste.reclaimableBytes, show: formatBytes, gap: (a, l) => `${formatBytes(a - l)} (${a - l} bytes) over` },
  maxWastedPercent: {
    name: 'max-wasted-percent', kind: 'max', what: 'wasted share of the image',
    actual: (r) => (r.totalBytes === 0 ? 0 : (r.waste.reclaimableBytes / r.totalBytes) * 100),
    show: (n) => `${n.toFixed(2)}%`, gap: (a, l) => `${(a - l).toFixed(2)} points over`,
  },
  lowestEfficiency: { name: 'lowestEfficiency', kind: 'min', what: 'dive efficiency', actual: (r) => r.waste.diveEfficiency, show: pct, gap: (a, l) => `${((l - a) * 100).toFixed(2)} points under` },
  highestWastedBytes: { name: 'highestWastedBytes', kind: 'max', what: 'dive wasted bytes', actual: (r) => r.waste.diveWastedBytes, show: formatBytes, gap: (a, l) => `${formatBytes(a - l)} (${a - l} bytes) over` },
  highestUserWastedPercent: { name: 'highestUserWastedPercent', kind: 'max', what: 'dive user wasted percent', actual: (r) => r.waste.diveUserWastedPercent, show: pct, gap: (a, l) => `${((a - l) * 100).toFixed(2)} points over` },
};

export function checkThresholds(report: AnalysisReport, thresholds: Thresholds): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const key of Object.keys(MEASURES) as (keyof Thresholds)[]) {
    const limit = thresholds[key];
    if (limit === undefined) continue;
    const m = MEASURES[key];
    const actual = m.actual(report);
    if (actual === null) {
      checks.push({ name: m.name, limit, actual, passed: true, message: `${m.name}: ${m.what} cannot be measured for this image; not checked` });
      continue;
    }
    const passed = m.kind === 'max' ? actual <= limit : actual >= limit;
    const bound = m.kind === 'max' ? 'limit' : 'minimum';
    const message = passed
      ? `${m.name}: ${m.what} ${m.show(actual)} within the ${bound} of ${m.show(limit)}`
      : `${m.name}: ${m.what} ${m.show(actual)} is ${m.gap(actual, limit)} the ${bound} of ${m.show(limit)}`;
    checks.push({ name: m.name, limit, actual, passed, message });
  }
  return checks;
}

export function evaluateGate(report: AnalysisReport, findings: readonly Finding[], options: { failOn: FailOn; thresholds: Thresholds; suppressed?: number }): GateResult {
  // A summary of the findings past the per-rule cap counts as all of them: the gate is exact.
  const failing = countFindings(findingsAtOrAbove(findings, options.failOn));
  const thresholds = checkThresholds(report, options.thresholds);
  const failures: string[] = [];
  if (failing > 0) failures.push(`fail-on ${options.failOn}: ${failing} finding${failing === 1 ? '' : 's'} at or above ${options.failOn}`);
  for (const check of thresholds) if (!check.passed) failures.push(check.message);
  return { failOn: options.failOn, passed: failures.length === 0, failingFindings: failing, thresholds, failures, suppressed: options.suppressed ?? 0 };
}
