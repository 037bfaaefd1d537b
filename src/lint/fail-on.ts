import type { Severity } from './types.js';

/** `--fail-on` / `failOn`: the severity at or above which the gate fails. Its own module so `--help` needs no config loader. */
export type FailOn = Severity | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'info', 'none'];
