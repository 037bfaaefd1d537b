import chalk from 'chalk';
import Table from 'cli-table3';
import type { AnalysisReport } from '../analysis/report.js';
import { renderBaseSection } from './base-text.js';
import { formatBytes, formatPercent } from '../bytes.js';
import { cutVisible, visibleWidth } from './terminal-text.js';
import { renderFindingsText } from './text-findings.js';

export interface TextOptions {
  /** Terminal width the layer table is cut to. */
  width?: number;
}

const CAUSE_LABELS: Record<string, string> = {
  deleted: 'deleted in a later layer',
  'opaque-dir': 'hidden by a replaced directory',
  overwritten: 'overwritten by a later layer',
  'metadata-copy': 'copied again by chmod/chown/touch',
  'type-change': 'replaced by another file type',
};

/** One line, cut to `width` visible columns. */
function cut(text: string, width: number): string {
  return cutVisible(text.replace(/\s+/g, ' ').trim(), width);
}

/** Below this the instruction column says too little to read, and the file counts make room for it. */
const MIN_INSTRUCTION_WIDTH = 16;

/** The layer's instruction for a person: the history text without the shell and builder noise. */
export function shortCommand(createdBy: string | undefined): string {
  if (!createdBy) return '';
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/^RUN \/bin\/sh -c /, 'RUN ')
    .replace(/ # buildkit$/, '');
}

export function renderText(report: AnalysisReport, options: TextOptions = {}): string {
  const width = options.width ?? 120;
  const lines: string[] = [];
  const img = report.image;
  const platform = [img.os, img.architecture, img.variant].filter(Boolean).join('/');
  lines.push(chalk.bold(`Image   ${img.name}`) + (img.tags.length > 1 ? chalk.dim(`  (also ${img.tags.slice(1).join(', ')})`) : ''));
  if (img.digest) lines.push(`Digest  ${img.digest}`);
  lines.push(`Format  ${img.format}    Platform ${platform}`);
  lines.push(`Size    ${formatBytes(report.totalBytes)} (${report.totalBytes} bytes) in ${report.layerCount} layer${report.layerCount === 1 ? '' : 's'}; ${formatBytes(report.compressedBytes)} as stored`);
  lines.push('');

  // The reconstruction's line where there is one: it names COPY sources the history hides behind a hash.
  const reconstructed = new Map((report.instructions ?? [])
    .filter((i) => i.origin === 'history' && i.layerIndex !== undefined && i.instruction !== 'UNKNOWN' && i.createdBy?.trim())
    .map((i) => [i.layerIndex!, i.text]));
  let head = ['#', 'Size', 'Files +/~/-', 'Instruction'];
  let rows = report.layers.map((layer) => [
    String(layer.index),
    formatBytes(layer.bytes),
    `${layer.added}/${layer.modified}/${layer.removed}`,
    reconstructed.get(layer.index) || shortCommand(layer.createdBy) || chalk.dim('(no history)'),
  ]);
  // Each column takes its widest cell plus one space either side, and the borders one column each.
  const columnsWidth = (table: string[][], columns: number) =>
    Array.from({ length: columns }, (_, c) => Math.max(...table.map((r) => visibleWidth(r[c]))) + 2).reduce((a, b) => a + b, 0) + columns + 1;
  let instructionWidth = width - columnsWidth([head, ...rows], 3) - 3;
  if (instructionWidth < MIN_INSTRUCTION_WIDTH) {
    // A narrow terminal: the file counts give way to the instruction, which says what the layer is.
    head = [head[0], head[1], head[3]];
    rows = rows.map((r) => [r[0], r[1], r[3]]);
    instructionWidth = width - columnsWidth([head, ...rows], 2) - 3;
  }
  instructionWidth = Math.max(instructionWidth, visibleWidth(head.at(-1)!));
  const table = new Table({
    head,
    style: { head: chalk.level ? ['bold'] : [], border: chalk.level ? ['grey'] : [] },
    colAligns: head.length === 4 ? ['right', 'right', 'right', 'left'] : ['right', 'right', 'left'],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push([...row.slice(0, -1), cut(row.at(-1)!, instructionWidth)]);
  lines.push(table.toString());
  lines.push('');

  const w = report.waste;
  lines.push(chalk.bold('Waste'));
  const reclaim = w.reclaimableBytes > 0 ? chalk.yellow(formatBytes(w.reclaimableBytes)) : chalk.green('0 B');
  lines.push(`  Reclaimable (exact)   ${reclaim} (${w.reclaimableBytes} bytes) of file versions never reach the final image; efficiency ${formatPercent(w.efficiency)}`);
  for (const [cause, bytes] of Object.entries(w.byCause)) {
    if (bytes > 0) lines.push(`    ${formatBytes(bytes).padStart(9)}  ${CAUSE_LABELS[cause] ?? cause}`);
  }
  lines.push(`  dive-compatible       efficiency ${formatPercent(w.diveEfficiency)}, wasted ${formatBytes(w.diveWastedBytes)} (${w.diveWastedBytes} bytes), user wasted ${formatPercent(w.diveUserWastedPercent)}`);
  if (w.duplicateBytes > 0) lines.push(`  Same content twice    ${formatBytes(w.duplicateBytes)} in ${w.duplicates.length} group${w.duplicates.length === 1 ? '' : 's'} of identical files`);
  if (w.topPaths.length) {
    lines.push('');
    lines.push(chalk.bold('Largest reclaimable paths'));
    for (const p of w.topPaths.slice(0, 10)) {
      lines.push(`  ${formatBytes(p.bytes).padStart(9)}  /${p.path}  ${chalk.dim(`written in layer ${p.writtenBy}, ${CAUSE_LABELS[p.cause] ?? p.cause} (${p.removedBy})`)}`);
    }
  }
  if (w.duplicates.length) {
    lines.push('');
    lines.push(chalk.bold('Identical files'));
    for (const d of w.duplicates.slice(0, 5)) {
      lines.push(`  ${formatBytes(d.bytes).padStart(9)}  ${d.paths.map((p) => `/${p.path} (layer ${p.layerIndex})`).join(', ')}`);
    }
  }
  for (const line of renderFindingsText(report)) lines.push(line);
  if (report.base) lines.push('', ...renderBaseSection(report.base));
  if (report.dockerfile) {
    lines.push('');
    lines.push(chalk.bold('Dockerfile (reconstructed from the history)'));
    for (const line of report.dockerfile.trimEnd().split('\n')) lines.push(line === '' ? '' : `  ${line}`);
  }
  return lines.join('\n') + '\n';
}
