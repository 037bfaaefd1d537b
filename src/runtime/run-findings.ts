import { analyzeModel, type AnalysisReport } from '../analysis/report.js';
import type { Image } from '../image/model.js';
import { runRules, type LoadedRule } from '../lint/run-rules.js';
import type { Finding } from '../lint/types.js';
import runLeavesTempFiles from '../../rules/run-leaves-temp-files.js';
import { addImageDetails } from './change-details.js';
import { totalsOf, type ChangeSet, type FileChange } from './change-set.js';
import type { ExportResult } from './export-changes.js';
import type { RunOutcome } from './run-options.js';

/** The rules that read what a run did (ImageRuleContext.run); image-only rules need no run and are `analyze`'s. */
export const RUN_RULES: LoadedRule[] = [runLeavesTempFiles];

/**
 * Feeds a run's change set through the rule engine, and returns the image's analysis report with those
 * findings in it, so every reporter (text, JSON, SARIF, Markdown, ...) can show them as it shows any finding.
 */
export function runFindings(image: Image, set: Pick<ChangeSet, 'engine' | 'command' | 'changes'>, rules: readonly LoadedRule[] = RUN_RULES): { findings: Finding[]; report: AnalysisReport; changes: FileChange[] } {
  const analyzed = analyzeModel(image);
  const changes = addImageDetails(set.changes, analyzed.tree);
  const run = { engine: set.engine.name, command: set.command, changes };
  const { findings } = runRules({ ...analyzed, instructions: [], run }, rules);
  return { findings, report: { ...analyzed.report, findings }, changes };
}

/** What an engine observed of one run; `runOutcome` turns it into the change set every engine returns. */
export interface RunObserved {
  engine: ChangeSet['engine'];
  /** True when tsimage loaded the image into the engine (and removed it after). */
  loaded: boolean;
  command: string[];
  exitCode: number | null;
  timedOut: boolean;
  startedAt: number;
  changes: FileChange[];
  notes: string[];
  exportResult?: ExportResult;
}

export function runOutcome(image: Image, observed: RunObserved): ChangeSet & RunOutcome {
  const judged = runFindings(image, { engine: observed.engine, command: observed.command, changes: observed.changes });
  return {
    schema: 'tsimage.run-changes/v1',
    engine: observed.engine,
    image: { source: image.source, id: image.digest, name: image.name, loaded: observed.loaded },
    command: observed.command,
    exitCode: observed.exitCode,
    timedOut: observed.timedOut,
    durationMs: Date.now() - observed.startedAt,
    changes: judged.changes,
    totals: totalsOf(judged.changes),
    notes: observed.notes,
    findings: judged.findings,
    exportResult: observed.exportResult,
    analysis: judged.report,
  };
}
