import type { Argv, ArgumentsCamelCase } from 'yargs';
import { analyzeModel } from '../../analysis/report.js';
import { defaultScanLimits } from '../../archive/layer-scan.js';
import { UsageError } from '../../errors.js';
import { listArchiveImages, openImage } from '../../image/open.js';
import { formatBinaryBytes, parseBytes } from '../../report/bytes.js';
import { renderImageList } from '../../report/image-list.js';
import { createProgress, log, writeOutput } from '../io.js';
import { gateOptions, runGate, type GateArgs } from '../gate-options.js';
import { reportOutputOptions, writeReports, type ReportOutputArgs } from '../report-output.js';
import { dockerfileSourceFindings } from '../source-findings.js';

export interface ImageInputArgs {
  /** The archive, directory or `-` to read. */
  archive: string;
  /** `--image NAME`: which image of several in the archive. */
  image?: string;
  platform?: string;
  'max-layer-size': string;
  'max-expand-ratio': number;
}

/** Options every command that reads an image archive shares. */
export function imageInputOptions<T>(yargs: Argv<T>) {
  return yargs
    .positional('archive', { type: 'string', demandOption: true, describe: 'docker save / oci-archive tar (.tar, .tar.gz), OCI layout directory, docker export tar, or - for stdin' })
    .option('image', { type: 'string', describe: 'pick one image of several in the archive: a tag (app:1), a name or an id prefix (default: the first)' })
    .option('platform', { type: 'string', describe: 'os/arch[/variant] to pick from a multi-platform index (default: this machine\'s)' })
    .option('max-layer-size', { type: 'string', default: formatBinaryBytes(defaultScanLimits.maxLayerBytes), describe: 'refuse a layer that decompresses past this size (decompression bomb guard)' })
    .option('max-expand-ratio', { type: 'number', default: defaultScanLimits.maxExpandRatio, describe: 'refuse a layer that expands more than this many times' });
}

export function openOptions(args: ArgumentsCamelCase<ImageInputArgs>) {
  const maxLayerBytes = parseBytes(args['max-layer-size']);
  if (maxLayerBytes === undefined) throw new UsageError(`--max-layer-size: not a size: ${args['max-layer-size']}`);
  return {
    image: args.image,
    platform: args.platform,
    limits: { maxLayerBytes, maxExpandRatio: args['max-expand-ratio'] },
  };
}

export async function loadForCommand(args: ArgumentsCamelCase<ImageInputArgs>) {
  const progress = createProgress('reading layers');
  try {
    const image = await openImage(args.archive, { ...openOptions(args), onLayerDone: (d, t) => progress.update(d, t) });
    progress.end();
    for (const note of image.notes) log(`note: ${note}`);
    return image;
  } catch (error) {
    progress.end();
    throw error;
  }
}

interface AnalyzeArgs extends ImageInputArgs, ReportOutputArgs, GateArgs {
  'list-platforms': boolean;
}

export const analyzeCommand = {
  command: 'analyze <archive>',
  describe: 'read an image archive and report its layers, size, waste and rule findings; exit 1 when the gate fails',
  builder: (yargs: Argv) =>
    gateOptions(reportOutputOptions(imageInputOptions(yargs)))
      .option('list-platforms', { type: 'boolean', default: false, describe: 'list the platforms in the archive and exit' }),
  handler: async (args: ArgumentsCamelCase<AnalyzeArgs>) => {
    if (args['list-platforms']) {
      await writeOutput(renderImageList(await listArchiveImages(args.archive)), args.output);
      return;
    }
    const image = await loadForCommand(args);
    const analyzed = analyzeModel(image);
    const gate = await runGate(analyzed, args, undefined, dockerfileSourceFindings(analyzed.report, args));
    await writeReports(gate.report, args, { rules: gate.rules, verdict: gate.verdict, failOn: gate.failOn });
    (args as unknown as { setExitCode(code: number): void }).setExitCode(gate.exitCode);
  },
};
