/** What batch and merge share at the end: the baseline comparison, the report targets, the exit code. */
import { compareWithBaseline, readFleetReport } from '../fleet/baseline.js';
import { fleetExitCode } from '../fleet/document.js';
import type { FleetReport } from '../fleet/types.js';
import { FLEET_FORMATS, fleetReporters } from '../report/fleet-index.js';
import { parseNamedFormatTargets } from './format-targets.js';
import { writeOutput } from './io.js';

export interface FleetOutputArgs {
  format?: string | string[];
  output?: string;
  baseline?: string;
}

/** Checked before any image is read: a typo in --format must not cost a fleet's worth of analysis. */
export function fleetTargets(args: FleetOutputArgs) {
  return parseNamedFormatTargets(args.format, args.output, FLEET_FORMATS);
}

export async function writeFleetReport(report: FleetReport, args: FleetOutputArgs, targets = fleetTargets(args)): Promise<0 | 1 | 2> {
  if (args.baseline) report.changes = compareWithBaseline(report, await readFleetReport(args.baseline));
  for (const target of targets) await writeOutput(fleetReporters[target.format](report), target.file);
  return fleetExitCode(report);
}
