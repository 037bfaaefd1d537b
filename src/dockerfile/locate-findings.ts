/**
 * `--dockerfile` as a pure function: the report in, the report out with `file`/`line` on every finding the
 * Dockerfile accounts for, plus notes on what could not be mapped. Reading the file and printing the notes
 * is the CLI's job (src/cli/report-output.ts).
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { Finding } from '../lint/types.js';
import { instructionsFromHistory, mapFindings, mapInstructions, type ImageInstruction } from './map-findings.js';
import type { ParsedDockerfile } from './parse.js';

export interface LocateOptions {
  /** The Dockerfile's path as reports show it (repository-relative). */
  file: string;
  /** Build target stage (name or index); default: the last stage. */
  target?: string;
}

export interface LocatedReport {
  report: AnalysisReport;
  /** What a user should know: layers that match no line, or a Dockerfile that did not build the image. */
  notes: string[];
}

export function locateFindings(report: AnalysisReport, parsed: ParsedDockerfile, options: LocateOptions): LocatedReport {
  const instructions = imageInstructions(report);
  const mapping = mapInstructions(instructions, parsed, options);
  const own = instructions.filter((i) => i.layerIndex !== undefined && !i.inherited && i.instruction !== '');
  if (own.length > 0 && mapping.firstOwnLayerHistoryIndex < 0) {
    // Not one layer matches: this Dockerfile did not build the image (or not this stage). Pointing findings at
    // its FROM would be a guess dressed as a location.
    return { report, notes: [`no layer of the image matches a line of ${options.file}${options.target ? ` (stage ${options.target})` : ''}; findings point at the image`] };
  }
  const notes: string[] = [];
  const unmatched = mapping.unmatched.filter((i) => i.layerIndex !== undefined && !i.inherited && i.historyIndex > mapping.firstOwnLayerHistoryIndex);
  if (unmatched.length > 0) {
    notes.push(`${unmatched.length} layer${unmatched.length === 1 ? '' : 's'} of the image match no line of ${options.file}; their findings point at the image`);
  }
  const findings = mapFindings((report.findings ?? []) as Finding[], mapping, instructions);
  return { report: { ...report, findings }, notes };
}

/**
 * The reconstruction's instructions (issue 3) when the report has them, else the history's; plus a
 * placeholder for every layer no instruction names (an imported base layer has no created_by), so the
 * mapper can still tell that layer belongs to the base image.
 */
function imageInstructions(report: AnalysisReport): ImageInstruction[] {
  const given = Array.isArray(report.instructions) && report.instructions.length > 0
    ? (report.instructions as ImageInstruction[])
    : instructionsFromHistory(report.history);
  const named = new Set(given.map((i) => i.layerIndex).filter((i) => i !== undefined));
  const placeholders = report.layers
    .filter((l) => !named.has(l.index) && l.historyIndex !== undefined)
    .map((l): ImageInstruction => ({ instruction: '', arguments: '', historyIndex: l.historyIndex!, layerIndex: l.index }));
  return [...given, ...placeholders].sort((a, b) => a.historyIndex - b.historyIndex);
}
