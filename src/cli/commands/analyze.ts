import type { Argv, ArgumentsCamelCase } from 'yargs';
import { showSecretsOption, type ShowSecretsArgs } from '../show-secrets.js';
import { gateOptions, imageInputOptions, reportOutputOptions, type GateArgs, type ImageInputArgs, type ReportOutputArgs } from '../options.js';

export interface AnalyzeArgs extends ImageInputArgs, ReportOutputArgs, GateArgs, ShowSecretsArgs {
  'list-platforms': boolean;
}

export const analyzeCommand = {
  command: 'analyze <archive>',
  describe: 'read an image archive and report its layers, size, waste and rule findings; exit 1 when the gate fails',
  builder: (yargs: Argv) =>
    showSecretsOption(gateOptions(reportOutputOptions(imageInputOptions(yargs))))
      .option('list-platforms', { type: 'boolean', default: false, describe: 'list the platforms in the archive and exit' }),
  // Loaded when the command runs: start-up and --help load no reader, analysis, rule or renderer.
  handler: async (args: ArgumentsCamelCase<AnalyzeArgs>) => (await import('../handlers/analyze.js')).analyze(args),
};
