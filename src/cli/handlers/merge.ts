import { readFile } from 'node:fs/promises';
import type { ArgumentsCamelCase } from 'yargs';
import { InputError } from '../../errors.js';
import { mergeFleetReports, parseFleetReport } from '../../fleet/merge.js';
import type { MergeArgs } from '../commands/merge.js';
import { fleetTargets, writeFleetReport } from '../fleet-output.js';
import { log } from '../io.js';

export async function merge(args: ArgumentsCamelCase<MergeArgs>): Promise<void> {
  const targets = fleetTargets(args);
  const inputs = [];
  for (const file of args.reports.map(String)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the fleet report (${(error as NodeJS.ErrnoException).code ?? error})`, file);
    }
    inputs.push({ file, report: parseFleetReport(text, file) });
  }
  const { report, problems } = mergeFleetReports(inputs);
  for (const problem of problems) log(`tsimage: ${problem}`);
  const exitCode = await writeFleetReport(report, args, targets);
  (args as unknown as { setExitCode(code: number): void }).setExitCode(exitCode);
}
