import type { ArgumentsCamelCase } from 'yargs';
import { analyzeModel } from '../../analysis/report.js';
import { imageTrees } from '../../analysis/size-tree.js';
import { listArchiveImages } from '../../image/open.js';
import { renderImageList } from '../../report/image-list.js';
import type { AnalyzeArgs } from '../commands/analyze.js';
import { runGate } from '../gate-options.js';
import { writeOutput } from '../io.js';
import { writeReports } from '../report-output.js';
import { dockerfileSourceFindings } from '../source-findings.js';
import { imageArgument, loadForCommand } from './load-image.js';
import { markPhase } from '../timings.js';

export async function analyze(args: ArgumentsCamelCase<AnalyzeArgs>): Promise<void> {
  if (args['list-platforms']) {
    await writeOutput(renderImageList(await listArchiveImages(imageArgument(args.archive, args.from), undefined, args.insecure)), args.output);
    return;
  }
  markPhase('start-up');
  const image = await loadForCommand(args);
  markPhase('read');
  const analyzed = analyzeModel(image, { collectGarbage: true });
  markPhase('analysis');
  const gate = await runGate(analyzed, args, undefined, dockerfileSourceFindings(analyzed.report, args));
  markPhase('rules');
  await writeReports(gate.report, args, { rules: gate.rules, verdict: gate.verdict, failOn: gate.failOn, trees: () => imageTrees(image.layers) });
  markPhase('reports');
  (args as unknown as { setExitCode(code: number): void }).setExitCode(gate.exitCode);
}
