import type { Argv, ArgumentsCamelCase } from 'yargs';
import { diffImages } from '../../runtime/image-diff.js';
import { renderImageDiffJson, renderImageDiffMarkdown, renderImageDiffText } from '../../runtime/image-diff-render.js';
import { openImage } from '../../image/open.js';
import { UsageError } from '../../errors.js';
import { parseBytes } from '../../report/bytes.js';
import { defaultScanLimits } from '../../archive/layer-scan.js';
import { log, writeOutput } from '../io.js';

interface DiffArgs {
  a: string;
  b: string;
  platform?: string;
  format: 'text' | 'json' | 'markdown';
  output?: string;
  'max-layer-size': string;
  'exit-code': boolean;
  insecure?: boolean;
  setExitCode?: (code: number) => void;
}

const RENDER = { text: renderImageDiffText, json: renderImageDiffJson, markdown: renderImageDiffMarkdown };

/** `tsimage diff A B`: two images of any formats; exit 0 (or 1 with --exit-code when they differ). */
export const diffCommand = {
  command: 'diff <a> <b>',
  describe: 'compare two images: files, layer sizes, history, config and packages',
  builder: (yargs: Argv) =>
    yargs
      .positional('a', { type: 'string', demandOption: true, describe: 'the first image (any format tsimage reads)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'the second image' })
      .option('platform', { type: 'string', describe: 'os/arch[/variant] to pick from multi-platform indexes' })
      .option('format', { alias: 'f', choices: ['text', 'json', 'markdown'] as const, default: 'text' as const })
      .option('output', { alias: 'o', type: 'string', describe: 'write the diff to this file instead of stdout' })
      .option('max-layer-size', { type: 'string', default: String(defaultScanLimits.maxLayerBytes), describe: 'refuse a layer that decompresses past this size' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'exit 1 when the images differ (like git diff --exit-code)' })
      .option('insecure', { type: 'boolean', default: false, describe: 'registry:// over plain HTTP (localhost only)' }),
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => {
    if (args.a === '-' && args.b === '-') throw new UsageError('only one of the two images can come from stdin');
    const maxLayerBytes = parseBytes(args['max-layer-size']);
    if (maxLayerBytes === undefined) throw new UsageError(`--max-layer-size: not a size: ${args['max-layer-size']}`);
    const options = { platform: args.platform, insecure: args.insecure, limits: { ...defaultScanLimits, maxLayerBytes } };
    const [a, b] = await Promise.all([openImage(args.a, options), openImage(args.b, options)]);
    for (const note of [...a.notes.map((n) => `A: ${n}`), ...b.notes.map((n) => `B: ${n}`)]) log(`note: ${note}`);
    const diff = diffImages(a, b);
    await writeOutput(RENDER[args.format](diff), args.output);
    if (args.exitCode && !diff.identical) args.setExitCode?.(1);
  },
};
