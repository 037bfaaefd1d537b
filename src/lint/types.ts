import type { AnalysisReport } from '../analysis/report.js';
import type { FileTree } from '../image/filesystem.js';
import type { Image } from '../image/model.js';
import type { SourceFix } from './source-fix.js';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'bloat' | 'security' | 'hygiene' | 'layering';

export const SEVERITY_ORDER: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** One thing to change, with the evidence and what the change is worth. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  category: Category;
  message: string;
  /** The layer the finding points at (the one to change), when there is one. */
  layerIndex?: number;
  historyIndex?: number;
  /** The reconstructed instruction that made that layer (`RUN apt-get update`). */
  instruction?: string;
  /** In-image paths that are the evidence. */
  paths: string[];
  /** Bytes that fixing it saves, measured from the layers. */
  bytes?: number;
  /** The better Dockerfile line, where one can be written. */
  fix?: string;
  /** Source findings: the edits `tsimage lint --fix` makes to the Dockerfile (src/lint/source-fix.ts). */
  autofix?: SourceFix;
  /** Source location, once mapped to a real Dockerfile (`--dockerfile`) or when linting one. */
  file?: string;
  line?: number;
  endLine?: number;
  /**
   * Set on the one summary finding that stands for a rule's findings past --max-findings-per-rule
   * (src/lint/finding-cap.ts): how many it replaces. Counts and the gate add it up; `bytes` is their sum.
   */
  omitted?: number;
}

/** What a rule's image check sees. */
export interface ImageRuleContext {
  image: Image;
  tree: FileTree;
  report: AnalysisReport;
  /** What `tsimage run` saw the image's command do (issue 7); absent for a static analysis. */
  run?: RunObservation;
}

/** The files one run of the image added, changed and deleted (the shape of src/runtime/change-set.ts). */
export interface RunObservation {
  engine: string;
  command: string[];
  changes: { path: string; kind: 'added' | 'changed' | 'deleted'; type?: string; size?: number; sizeBefore?: number }[];
}
