import type { FailOn } from '../lint/config.js';
import { findingsAtOrAbove, type ThresholdCheck } from '../lint/gate.js';
import type { Finding } from '../lint/types.js';

/** A failed gate. Tool errors are 2 (src/cli/main.ts), never the same code: CI must tell them apart. */
export const EXIT_GATE_FAILED = 1;

/** 0 when no finding is at or above `failOn` and every threshold holds, else 1. */
export function exitCodeFor(findings: readonly Finding[], thresholds: readonly ThresholdCheck[], failOn: FailOn): 0 | 1 {
  if (findingsAtOrAbove(findings, failOn).length > 0) return EXIT_GATE_FAILED;
  return thresholds.every((t) => t.passed) ? 0 : EXIT_GATE_FAILED;
}
