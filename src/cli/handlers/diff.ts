import type { ArgumentsCamelCase } from 'yargs';
import { findSecrets, maskSecrets } from '../../analysis/secrets.js';
import { diffImages } from '../../runtime/image-diff.js';
import { renderImageDiffJson, renderImageDiffMarkdown, renderImageDiffText } from '../../runtime/image-diff-render.js';
import { renderImageDiffHtml } from '../../runtime/image-diff-html.js';
import { openImage } from '../../image/open.js';
import { UsageError } from '../../errors.js';
import type { DiffArgs } from '../commands/diff.js';
import { log, writeOutput } from '../io.js';
import { imageArgument, openOptions } from './load-image.js';

const RENDER = { text: renderImageDiffText, json: renderImageDiffJson, markdown: renderImageDiffMarkdown, html: renderImageDiffHtml };

export async function diff(args: ArgumentsCamelCase<DiffArgs>): Promise<void> {
  if (args.a === '-' && args.b === '-') throw new UsageError('only one of the two images can come from stdin');
  // --image, --platform and the guards apply to both sides; --image-a / --image-b pick per side.
  const shared = openOptions(args);
  const [a, b] = await Promise.all([
    openImage(imageArgument(args.a, args.from), { ...shared, image: args['image-a'] ?? shared.image }),
    openImage(imageArgument(args.b, args.from), { ...shared, image: args['image-b'] ?? shared.image }),
  ]);
  for (const note of [...a.notes.map((n) => `A: ${n}`), ...b.notes.map((n) => `B: ${n}`)]) log(`note: ${note}`);
  const diff = diffImages(a, b);
  const shown = args['show-secrets'] ? diff : maskSecrets(diff, findSecrets(a, b));
  await writeOutput(RENDER[args.format](shown), args.output);
  if (args.exitCode && !diff.identical) args.setExitCode?.(1);
}
