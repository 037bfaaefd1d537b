/** Reading the image named on the command line, for the commands that read one (analyze, dockerfile, run). */
import type { ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { openImage } from '../../image/open.js';
import { withSourceKind, type SourceKind } from '../../archive/image-reference.js';
import { LayerCache } from '../../archive/cache/layer-cache.js';
import { DEFAULT_CACHE_MAX_BYTES, defaultCacheDir } from '../../archive/cache/cache-dir.js';
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
    cache: layerCache(args),
  };
}

/** The layer cache the options ask for; none with --no-cache. */
function layerCache(args: Omit<ImageInputArgs, 'archive'>): LayerCache | undefined {
  if (args.cache === false) return undefined;
  const maxBytes = parseBytes(args['cache-max-size'] ?? String(DEFAULT_CACHE_MAX_BYTES));
  if (maxBytes === undefined) throw new UsageError(`--cache-max-size: not a size: ${args['cache-max-size']}`);
  return new LayerCache({ dir: args['cache-dir'] ?? defaultCacheDir(), maxBytes });
}

/** The image argument as `--from` reads it; a scheme that contradicts --from is a usage error. */
export function imageArgument(input: string, from: SourceKind | undefined): string {
  const named = withSourceKind(input, from);
  if (named === undefined) throw new UsageError(`--from ${from} contradicts ${input}`);
  return named;
}

export async function loadForCommand(args: ArgumentsCamelCase<ImageInputArgs>, extra: { readLayers?: boolean } = {}) {
  const progress = createProgress('reading layers');
  try {
    const image = await openImage(imageArgument(args.archive, args.from), { ...openOptions(args), ...extra, onLayerDone: (d, t) => progress.update(d, t) });
    progress.end();
    for (const note of image.notes) log(`note: ${note}`);
    return image;
  } catch (error) {
    progress.end();
    throw error;
  }
}
