/** Reading the image named on the command line, for the commands that read one (analyze, dockerfile, run). */
import type { ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { openImage } from '../../image/open.js';
import { parseBytes } from '../../bytes.js';
import { createProgress, log } from '../io.js';
import type { ImageInputArgs } from '../options.js';
export function openOptions(args: Omit<ImageInputArgs, 'archive'>) {
  const maxLayerBytes = parseBytes(args['max-layer-size']);
  if (maxLayerBytes === undefined) throw new UsageError(`--max-layer-size: not a size: ${args['max-layer-size']}`);
  return {
    image: args.image,
    platform: args.platform,
    insecure: args.insecure,
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
