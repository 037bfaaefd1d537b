import type { ArgumentsCamelCase } from 'yargs';
import { diffImages } from '../../runtime/image-diff.js';
import { renderImageDiffJson, renderImageDiffMarkdown, renderImageDiffText } from '../../runtime/image-diff-render.js';
import { openImage } from '../../image/open.js';
import { UsageError } from '../../errors.js';
import { parseBytes } from '../../report/bytes.js';
import { defaultScanLimits } from '../../archive/scan-limits.js';
import type { DiffArgs } from '../commands/diff.js';
import { log, writeOutput } from '../io.js';

const RENDER = { text: renderImageDiffText, json: renderImageDiffJson, markdown: renderImageDiffMarkdown };

export async function diff(args: ArgumentsCamelCase<DiffArgs>): Promise<void> {
  if (args.a === '-' && args.b === '-') throw new UsageError('only one of the two images can come from stdin');
  const maxLayerBytes = parseBytes(args['max-layer-size']);
  if (maxLayerBytes === undefined) throw new UsageError(`--max-layer-size: not a size: ${args['max-layer-size']}`);
  const options = { platform: args.platform, limits: { ...defaultScanLimits, maxLayerBytes } };
  const [a, b] = await Promise.all([openImage(args.a, options), openImage(args.b, options)]);
  for (const note of [...a.notes.map((n) => `A: ${n}`), ...b.notes.map((n) => `B: ${n}`)]) log(`note: ${note}`);
  const diff = diffImages(a, b);
  await writeOutput(RENDER[args.format](diff), args.output);
  if (args.exitCode && !diff.identical) args.setExitCode?.(1);
}
