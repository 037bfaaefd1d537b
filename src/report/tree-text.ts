/**
 * `tsimage tree` for a terminal: dive's tree, size-sorted, one entry a line. The change is a letter (A, M, R)
 * as well as a colour, so it reads with NO_COLOR, in a log and through a pipe.
 */
import chalk from 'chalk';
import type { SizeNode, SizeTree } from '../analysis/size-tree.js';
import { weight } from '../analysis/size-tree.js';
import { formatBytes } from '../bytes.js';
import { shortCommand } from './text.js';

const MARKS = {
  added: { letter: 'A', colour: chalk.green },
  modified: { letter: 'M', colour: chalk.yellow },
  removed: { letter: 'R', colour: chalk.red },
} as const;

/** A tar name can carry escape sequences and newlines: shown as \xNN so it cannot move the cursor or fake a line. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function line(node: SizeNode, guide: string): string {
  const mark = node.change ? MARKS[node.change] : undefined;
  const size = node.change === 'removed' ? `-${formatBytes(weight(node))}` : formatBytes(node.bytes);
  let name = printable(node.name) + (node.children ? '/' : '');
  if (node.linkTarget !== undefined) name += ` -> ${printable(node.linkTarget)}`;
  const paint = mark?.colour ?? ((s: string) => (node.children ? chalk.bold(s) : s));
  return `${mark ? mark.colour(mark.letter) : ' '} ${size.padStart(9)}  ${chalk.dim(guide)}${paint(name)}`;
}

function walk(node: SizeNode, prefix: string, out: string[]): void {
  const children = node.children ?? [];
  const rows = children.length + (node.omitted ? 1 : 0);
  children.forEach((child, i) => {
    const last = i === rows - 1;
    out.push(line(child, `${prefix}${last ? '└── ' : '├── '}`));
    if (child.children) walk(child, `${prefix}${last ? '    ' : '│   '}`, out);
  });
  if (node.omitted) {
    const o = node.omitted;
    out.push(`  ${''.padStart(9)}  ${chalk.dim(`${prefix}└── … ${o.entries} more ${o.entries === 1 ? 'entry' : 'entries'}, ${formatBytes(o.bytes)}`)}`);
  }
}

function describeCut(tree: SizeTree): string {
  const reasons: string[] = [];
  if (tree.cut.maxDepth !== undefined) reasons.push(`deeper than ${tree.cut.maxDepth}`);
  if (tree.cut.minBytes) reasons.push(`smaller than ${formatBytes(tree.cut.minBytes)}`);
  if (tree.cut.maxEntries !== undefined && tree.shownEntries >= tree.cut.maxEntries) reasons.push(`past the ${tree.cut.maxEntries} largest`);
  return reasons.join(', ');
}

export function renderTreeText(tree: SizeTree, { title, layerCommand }: { title: string; layerCommand?: string }): string {
  const what = tree.view === 'final' ? 'the final filesystem'
    : tree.view === 'layer' ? `the filesystem after layer ${tree.layer}` : `what layer ${tree.layer} changed`;
  const command = layerCommand ? ` (${printable(shortCommand(layerCommand).replace(/\s+/g, ' '))})` : '';
  const legend = tree.view === 'final' ? '' : `; ${MARKS.added.colour('A')} added, ${MARKS.modified.colour('M')} modified, ${MARKS.removed.colour('R')} removed`;
  const out = [chalk.bold(`${printable(title)}: ${what}${command}`) + legend];
  const root = tree.root;
  const removed = root.removedBytes ? `, ${formatBytes(root.removedBytes)} removed` : '';
  out.push(`  ${formatBytes(root.bytes).padStart(9)}  ${chalk.bold('/')}  ${chalk.dim(`${tree.totalEntries} ${tree.totalEntries === 1 ? 'entry' : 'entries'}${removed}`)}`);
  walk(root, '', out);
  if (tree.omitted.entries) {
    out.push(`left out: ${tree.omitted.entries} of ${tree.totalEntries} entries, ${formatBytes(tree.omitted.bytes)} (${describeCut(tree)}); shown ${tree.shownEntries}`);
  }
  return `${out.join('\n')}\n`;
}
