import type { FailOn } from '../lint/config.js';
import { findingsAtOrAbove, type ThresholdCheck } from '../lint/gate.js';
import type { Finding } from '../lint/types.js';

/** Shown by --help (top level and analyze) and documented in docs/ci.md. */
export const EXIT_CODES_HELP = `Exit codes:
  0  clean: no finding at or above --fail-on, every threshold met
  1  findings at or above --fail-on, or a threshold failed
  2  usage, configuration or input error (bad flag or config, unreadable, corrupt or hostile archive)`;

/** A failed gate. Tool errors are 2 (src/cli/main.ts), never the same code: CI must tell them apart. */
export const EXIT_GATE_FAILED = 1;

/** 0 when no finding is at or above `failOn` and every threshold holds, else 1. */
export function exitCodeFor(findings: readonly Finding[], thresholds: readonly ThresholdCheck[], failOn: FailOn): 0 | 1 {
  if (findingsAtOrAbove(findings, failOn).length > 0) return EXIT_GATE_FAILED;
  return thresholds.every((t) => t.passed) ? 0 : EXIT_GATE_FAILED;
}
