import type { Argv, ArgumentsCamelCase } from 'yargs';
import { analyzeModel } from '../../analysis/report.js';
import { defaultScanLimits } from '../../archive/layer-scan.js';
import { formatPlatform } from '../../archive/formats/resolved.js';
import { UsageError } from '../../errors.js';
import { listImagePlatforms, openImage } from '../../image/open.js';
import { parseBytes } from '../../report/bytes.js';
import { createProgress, log, writeOutput } from '../io.js';
import { gateOptions, runGate, type GateArgs } from '../gate-options.js';
import { reportOutputOptions, writeReports, type ReportOutputArgs } from '../report-output.js';
import { dockerfileSourceFindings } from '../source-findings.js';

export interface ImageInputArgs {
  image: string;
  select?: string;
  platform?: string;
  'max-layer-size': string;
  'max-expand-ratio': number;
  insecure?: boolean;
}

/** Options every command that reads an image archive shares. */
export function imageInputOptions<T>(yargs: Argv<T>) {
  return yargs
    .positional('image', { type: 'string', demandOption: true, describe: 'docker save / oci-archive tar (.tar, .tar.gz), OCI layout directory, docker export tar, - for stdin, or an engine image: docker://NAME:TAG, podman://NAME:TAG, NAME:TAG when no such file exists, or registry://HOST/REPO:TAG' })
    .option('select', { alias: 'image-name', type: 'string', describe: 'pick one image of several in the archive (tag, name or id prefix); --image NAME also works' })
    .option('platform', { type: 'string', describe: 'os/arch[/variant] to pick from a multi-platform index (default: this machine\'s)' })
    .option('max-layer-size', { type: 'string', default: String(defaultScanLimits.maxLayerBytes), describe: 'refuse a layer that decompresses past this size (decompression bomb guard)' })
    .option('max-expand-ratio', { type: 'number', default: defaultScanLimits.maxExpandRatio, describe: 'refuse a layer that expands more than this many times' })
    .option('insecure', { type: 'boolean', default: false, describe: 'registry:// over plain HTTP (localhost only)' });
}

/** `--image NAME` picks an image; the positional is the archive. yargs gives both the same key, so split them here. */
export function openOptions(args: ArgumentsCamelCase<ImageInputArgs>) {
  const maxLayerBytes = parseBytes(args['max-layer-size']);
  if (maxLayerBytes === undefined) throw new UsageError(`--max-layer-size: not a size: ${args['max-layer-size']}`);
  return {
    image: args.select,
    platform: args.platform,
    insecure: args.insecure,
    limits: { maxLayerBytes, maxExpandRatio: args['max-expand-ratio'] },
  };
}

export async function loadForCommand(args: ArgumentsCamelCase<ImageInputArgs>) {
  const progress = createProgress('reading layers');
  try {
    const image = await openImage(args.image, { ...openOptions(args), onLayerDone: (d, t) => progress.update(d, t) });
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
  command: 'analyze <image>',
  describe: 'read an image archive and report its layers, size, waste and rule findings; exit 1 when the gate fails',
  builder: (yargs: Argv) =>
    gateOptions(reportOutputOptions(imageInputOptions(yargs)))
      .option('list-platforms', { type: 'boolean', default: false, describe: 'list the platforms in the archive and exit' }),
  handler: async (args: ArgumentsCamelCase<AnalyzeArgs>) => {
    if (args['list-platforms']) {
      const platforms = await listImagePlatforms(args.image, undefined, args.insecure);
      await writeOutput(platforms.map(formatPlatform).join('\n') + '\n', args.output);
      return;
    }
    const image = await loadForCommand(args);
    const analyzed = analyzeModel(image);
    const gate = await runGate(analyzed, args, undefined, dockerfileSourceFindings(analyzed.report, args));
    await writeReports(gate.report, args, { rules: gate.rules, verdict: gate.verdict, failOn: gate.failOn });
    (args as unknown as { setExitCode(code: number): void }).setExitCode(gate.exitCode);
  },
};
