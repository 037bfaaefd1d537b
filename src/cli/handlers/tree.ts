import type { ArgumentsCamelCase } from 'yargs';
import { findSecrets, maskSecrets } from '../../analysis/secrets.js';
import { treeView, type TreeCut } from '../../analysis/size-tree.js';
import { UsageError } from '../../errors.js';
import { parseBytes } from '../../bytes.js';
import { renderTreeText } from '../../report/tree-text.js';
import type { TreeArgs } from '../commands/tree.js';
import { writeOutput } from '../io.js';
import { loadForCommand } from './load-image.js';

function wholeNumber(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name}: expected a whole number of at least ${min}, got ${value}`);
  return value;
}

export async function tree(args: ArgumentsCamelCase<TreeArgs>): Promise<void> {
  // The options are checked before the image is read: a typo costs no layer scan.
  const layer = wholeNumber('layer', args.layer, 0);
  const maxDepth = wholeNumber('depth', args.depth, 1);
  const maxEntries = wholeNumber('max-entries', args['max-entries'], 0);
  const minBytes = args['min-size'] === undefined ? undefined : parseBytes(args['min-size']);
  if (args['min-size'] !== undefined && minBytes === undefined) throw new UsageError(`--min-size: not a size: ${args['min-size']}`);
  if (args.changes && layer === undefined) throw new UsageError('--changes: name the layer with --layer N');
  const image = await loadForCommand(args);
  if (layer !== undefined && layer >= image.layers.length) {
    throw new UsageError(`--layer ${layer}: the image has ${image.layers.length} layer${image.layers.length === 1 ? '' : 's'} (0 to ${image.layers.length - 1})`);
  }
  const cut: TreeCut = {};
  if (maxDepth !== undefined) cut.maxDepth = maxDepth;
  if (minBytes) cut.minBytes = minBytes;
  if (maxEntries) cut.maxEntries = maxEntries;
  const view = treeView(image.layers, { layer, changesOnly: args.changes }, cut);
  // File names rarely hold a secret, but a path can repeat an ENV value (a token in a directory name).
  const shown = args['show-secrets'] ? view : maskSecrets(view, findSecrets(image));
  const layerLine = layer === undefined ? undefined : image.layers[layer].createdBy;
  const text = args.format === 'json'
    ? `${JSON.stringify({ schema: 'tsimage.tree/v1', image: image.name, ...shown }, null, 2)}\n`
    : renderTreeText(shown, { title: image.name, layerCommand: layerLine && (args['show-secrets'] ? layerLine : maskSecrets(layerLine, findSecrets(image))) });
  await writeOutput(text, args.output);
}
