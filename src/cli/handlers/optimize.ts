import type { ArgumentsCamelCase } from 'yargs';
import { optimizeImage } from '../../rewrite/optimize.js';
import { renderOptimizeText } from '../../report/optimize-text.js';
import type { OptimizeArgs } from '../commands/optimize.js';
import { log, progressEnabled, writeOutput } from '../io.js';
import { openOptions } from './load-image.js';

export async function optimize(args: ArgumentsCamelCase<OptimizeArgs>): Promise<void> {
  const { image, platform, limits } = openOptions(args);
  const result = await optimizeImage(args.archive, {
    image, platform, limits,
    output: args.output,
    format: args.format,
    keepBase: args['keep-base'],
    compression: args.compression,
    tags: args.tag === undefined ? undefined : [args.tag].flat(),
    onStep: progressEnabled() ? (step) => log(`${step}…`) : undefined,
  });
  await writeOutput(args.json ? JSON.stringify(result, null, 2) + '\n' : renderOptimizeText(result), undefined);
}
