import chalk from 'chalk';
import Table from 'cli-table3';
import type { AnalysisReport } from '../analysis/report.js';
import { renderBaseSection } from './base-text.js';
import { formatBytes, formatPercent } from './bytes.js';
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

function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : flat.slice(0, Math.max(1, width - 1)) + '…';
}

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
  const width = Math.max(60, options.width ?? 120);
  const lines: string[] = [];
  const img = report.image;
  const platform = [img.os, img.architecture, img.variant].filter(Boolean).join('/');
  lines.push(chalk.bold(`Image   ${img.name}`) + (img.tags.length > 1 ? chalk.dim(`  (also ${img.tags.slice(1).join(', ')})`) : ''));
  if (img.digest) lines.push(`Digest  ${img.digest}`);
  lines.push(`Format  ${img.format}    Platform ${platform}`);
  lines.push(`Size    ${formatBytes(report.totalBytes)} (${report.totalBytes} bytes) in ${report.layerCount} layer${report.layerCount === 1 ? '' : 's'}; ${formatBytes(report.compressedBytes)} as stored`);
  lines.push('');

  const fixed = 4 + 10 + 16 + 10;
  const table = new Table({
    head: ['#', 'Size', 'Files +/~/-', 'Instruction'],
    style: { head: chalk.level ? ['bold'] : [], border: chalk.level ? ['grey'] : [] },
    colAligns: ['right', 'right', 'right', 'left'],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  // The reconstruction's line where there is one: it names COPY sources the history hides behind a hash.
  const reconstructed = new Map((report.instructions ?? [])
    .filter((i) => i.origin === 'history' && i.layerIndex !== undefined && i.instruction !== 'UNKNOWN' && i.createdBy?.trim())
    .map((i) => [i.layerIndex!, i.text]));
  for (const layer of report.layers) {
    table.push([
      String(layer.index),
      formatBytes(layer.bytes),
      `${layer.added}/${layer.modified}/${layer.removed}`,
      cut(reconstructed.get(layer.index) || shortCommand(layer.createdBy) || chalk.dim('(no history)'), width - fixed),
    ]);
  }
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
