import type { ScanLimits } from '../archive/layer-scan.js';
import type { StreamKind } from './demux.js';
import type { ExportResult } from './export-changes.js';
import type { AnalysisReport } from '../analysis/report.js';

/** What `tsimage run` asks of any engine. */
export interface RunOptions {
  /** The image archive (any format tsimage reads). */
  archive: string;
  /** Which image of several in the archive. */
  image?: string;
  platform?: string;
  limits?: ScanLimits;
  /** Plain HTTP to a registry on localhost. */
  insecure?: boolean;
  /** The command; empty runs the image's own Cmd. */
  command: string[];
  /** Replaces the image's Entrypoint; '' clears it. */
  entrypoint?: string;
  /** Replaces the image's User. */
  user?: string;
  timeoutMs: number;
  network: boolean;
  exportDir?: string;
  /** Aborted on Ctrl-C: the container is killed and everything cleaned up before the run returns. */
  signal?: AbortSignal;
  /** The container's output, as it comes. */
  onOutput: (kind: StreamKind, payload: Buffer) => void;
  log: (message: string) => void;
}

export interface RunOutcome {
  exportResult?: ExportResult;
  /** The image's analysis report with the run's findings in it, for the reporters (not part of the change set). */
  analysis?: AnalysisReport;
}

/** `60s`, `2m`, `500ms`, `1h`, or a bare number of seconds. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return text * 1000;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * factor);
}
