import { analyzeModel, type AnalysisReport } from '../analysis/report.js';
import type { Image } from '../image/model.js';
import { runRules, type LoadedRule } from '../lint/run-rules.js';
import type { Finding } from '../lint/types.js';
import runLeavesTempFiles from '../../rules/run-leaves-temp-files.js';
import type { ChangeSet } from './change-set.js';

/** The rules that read what a run did (ImageRuleContext.run); image-only rules need no run and are `analyze`'s. */
export const RUN_RULES: LoadedRule[] = [runLeavesTempFiles];

/**
 * Feeds a run's change set through the rule engine, and returns the image's analysis report with those
 * findings in it, so every reporter (text, JSON, SARIF, Markdown, ...) can show them as it shows any finding.
 */
export function runFindings(image: Image, set: Pick<ChangeSet, 'engine' | 'command' | 'changes'>, rules: readonly LoadedRule[] = RUN_RULES): { findings: Finding[]; report: AnalysisReport } {
  const analyzed = analyzeModel(image);
  const run = { engine: set.engine.name, command: set.command, changes: set.changes };
  const { findings } = runRules({ ...analyzed, instructions: [], run }, rules);
  return { findings, report: { ...analyzed.report, findings } };
}
