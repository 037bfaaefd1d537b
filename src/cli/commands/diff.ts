import type { Argv, ArgumentsCamelCase } from 'yargs';
import { findSecrets, maskSecrets } from '../../analysis/secrets.js';
import { diffImages } from '../../runtime/image-diff.js';
import { renderImageDiffJson, renderImageDiffMarkdown, renderImageDiffText } from '../../runtime/image-diff-render.js';
import { openImage } from '../../image/open.js';
import { UsageError } from '../../errors.js';
import { log, writeOutput } from '../io.js';
import { showSecretsOption, type ShowSecretsArgs } from '../show-secrets.js';
import { imageSelectionOptions, openOptions, type ImageInputArgs } from './analyze.js';

interface DiffArgs extends Omit<ImageInputArgs, 'image'>, ShowSecretsArgs {
  a: string;
  b: string;
  'image-a'?: string;
  'image-b'?: string;
  format: 'text' | 'json' | 'markdown';
  output?: string;
  'exit-code': boolean;
  setExitCode?: (code: number) => void;
}

const RENDER = { text: renderImageDiffText, json: renderImageDiffJson, markdown: renderImageDiffMarkdown };

/** `tsimage diff A B`: two images of any formats; exit 0 (or 1 with --exit-code when they differ). */
export const diffCommand = {
  command: 'diff <a> <b>',
  describe: 'compare two images: files, layer sizes, history, config and packages',
  builder: (yargs: Argv) =>
    showSecretsOption(imageSelectionOptions(yargs
      .positional('a', { type: 'string', demandOption: true, describe: 'the first image (any format tsimage reads)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'the second image' })))
      .option('image-a', { type: 'string', describe: 'the image to pick from A when it holds several (overrides --image for A)' })
      .option('image-b', { type: 'string', describe: 'the image to pick from B when it holds several (overrides --image for B)' })
      .option('format', { alias: 'f', choices: ['text', 'json', 'markdown'] as const, default: 'text' as const })
      .option('output', { alias: 'o', type: 'string', describe: 'write the diff to this file instead of stdout' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'exit 1 when the images differ (like git diff --exit-code)' }),
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => {
    if (args.a === '-' && args.b === '-') throw new UsageError('only one of the two images can come from stdin');
    // --image, --platform and the guards apply to both sides; --image-a / --image-b pick per side.
    const shared = openOptions(args);
    const [a, b] = await Promise.all([
      openImage(args.a, { ...shared, image: args['image-a'] ?? shared.image }),
      openImage(args.b, { ...shared, image: args['image-b'] ?? shared.image }),
    ]);
    for (const note of [...a.notes.map((n) => `A: ${n}`), ...b.notes.map((n) => `B: ${n}`)]) log(`note: ${note}`);
    const diff = diffImages(a, b);
    const shown = args['show-secrets'] ? diff : maskSecrets(diff, findSecrets(a, b));
    await writeOutput(RENDER[args.format](shown), args.output);
    if (args.exitCode && !diff.identical) args.setExitCode?.(1);
  },
};
