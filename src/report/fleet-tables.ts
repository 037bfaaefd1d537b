/**
 * The fleet report's content as plain tables — the per-image rows, the fleet's top rules and wasted paths,
 * EOL bases, unreadable images, changes since the baseline, missing shards — so the text, Markdown and HTML
 * reports show the same things and differ only in how they draw a table.
 */
import { formatBytes, formatPercent } from '../bytes.js';
import type { FleetChange, FleetImageRow, FleetReport } from '../fleet/types.js';

export interface FleetTable {
  title: string;
  /** One line under the title, saying how the rows are ordered or what they mean. */
  note?: string;
  headers: string[];
  /** Columns shown right-aligned (figures). */
  numeric: number[];
  rows: string[][];
}

export interface FleetView {
  title: string;
  /** Totals as label → value, in order. */
  summary: [string, string][];
  tables: FleetTable[];
}

const TOP_WASTEFUL = 10;

export function fleetView(report: FleetReport): FleetView {
  const { totals } = report;
  const ok = report.images.filter((row) => row.status === 'ok');
  const summary: [string, string][] = [
    ['images', `${totals.analyzed} analyzed${totals.failed ? `, ${totals.failed} unreadable` : ''}${report.missing?.length ? `, ${report.missing.length} missing` : ''}`],
    ['total size', formatBytes(totals.totalBytes)],
    ['reclaimable', `${formatBytes(totals.wastedBytes)}${totals.totalBytes ? ` (${formatPercent(totals.wastedBytes / totals.totalBytes)})` : ''}`],
    ['findings', `${totals.findings.error} errors, ${totals.findings.warning} warnings, ${totals.findings.info} info`],
    ['gate', `${totals.gateFailed} of ${totals.analyzed} failed (--fail-on ${report.failOn})`],
    ['end-of-life bases', String(totals.eolImages)],
  ];
  if (report.shard) summary.push(['shard', `${report.shard.index}/${report.shard.count} (${report.images.length} of ${report.listLength} images)`]);
  const tables: FleetTable[] = [];
  if (report.missing?.length) {
    tables.push({ title: 'Missing', note: 'list entries no report covered: their shard failed or was not merged', headers: ['#', 'image'], numeric: [0], rows: report.missing.map((entry) => [String(entry.position), entry.ref]) });
  }
  const failed = report.images.filter((row) => row.status === 'error');
  if (failed.length) tables.push({ title: 'Unreadable images', headers: ['#', 'image', 'error'], numeric: [0], rows: failed.map((row) => [String(row.position), row.ref, row.error ?? '']) });
  if (report.changes?.length) tables.push(changesTable(report.changes));
  tables.push({
    title: 'Images',
    note: 'in list order',
    headers: ['#', 'image', 'size', 'reclaimable', 'efficiency', 'errors', 'warnings', 'info', 'base', 'gate'],
    numeric: [0, 2, 3, 4, 5, 6, 7],
    rows: ok.map(imageCells),
  });
  const wasteful = ok.filter((row) => (row.wastedBytes ?? 0) > 0).sort((a, b) => (b.wastedBytes ?? 0) - (a.wastedBytes ?? 0) || a.position - b.position).slice(0, TOP_WASTEFUL);
  if (wasteful.length) {
    tables.push({ title: 'Most wasteful', note: wasteful.length === 1 ? 'the image with reclaimable bytes' : `the ${wasteful.length} images with the most reclaimable bytes`, headers: ['image', 'reclaimable', 'of size', 'largest wasted path'], numeric: [1, 2], rows: wasteful.map((row) => [
      row.ref, formatBytes(row.wastedBytes ?? 0), row.totalBytes ? formatPercent((row.wastedBytes ?? 0) / row.totalBytes) : 'n/a', row.topWasted[0] ? `/${row.topWasted[0].path} (${formatBytes(row.topWasted[0].bytes)}, ${row.topWasted[0].cause})` : '',
    ]) });
  }
  const eol = ok.filter((row) => row.base?.eol.some((status) => status.ended));
  if (eol.length) {
    tables.push({ title: 'End-of-life bases', headers: ['image', 'base', 'ended'], numeric: [], rows: eol.map((row) => [
      row.ref, row.base?.image ?? '', row.base!.eol.filter((status) => status.ended).map((status) => `${status.subject} (${status.date})`).join(', '),
    ]) });
  }
  if (report.topRules.length) {
    tables.push({ title: 'Top rules', note: 'by findings across the fleet', headers: ['rule', 'severity', 'images', 'findings', 'bytes'], numeric: [2, 3, 4], rows: report.topRules.map((rule) => [
      rule.ruleId, rule.severity, String(rule.images), String(rule.count), rule.bytes ? formatBytes(rule.bytes) : '',
    ]) });
  }
  if (report.topWastedPaths.length) {
    tables.push({ title: 'Top wasted paths', note: 'summed over the images that carry them', headers: ['path', 'images', 'bytes'], numeric: [1, 2], rows: report.topWastedPaths.map((path) => [`/${path.path}`, String(path.images), formatBytes(path.bytes)]) });
  }
  return { title: `tsimage fleet report: ${totals.images} image${totals.images === 1 ? '' : 's'}`, summary, tables };
}

function imageCells(row: FleetImageRow): string[] {
  const ended = row.base?.eol.some((status) => status.ended) ? ' (EOL)' : '';
  return [
    String(row.position), row.ref, formatBytes(row.totalBytes ?? 0), formatBytes(row.wastedBytes ?? 0), formatPercent(row.efficiency ?? null),
    String(row.findings.error), String(row.findings.warning), String(row.findings.info), `${row.base?.image ?? ''}${ended}`, row.gatePassed ? 'pass' : 'FAIL',
  ];
}

function changesTable(changes: readonly FleetChange[]): FleetTable {
  const rows = changes.filter((change) => change.kind !== 'same').map((change) => {
    if (change.kind === 'new' || change.kind === 'gone') return [change.ref, change.kind === 'new' ? 'new image' : 'gone', '', '', ''];
    const wasted = change.wastedBytes!;
    const delta = wasted.after - wasted.before;
    const findings = `${serious(change.findings!.before)} → ${serious(change.findings!.after)}`;
    const rules = [...(change.rulesAdded ?? []).map((id) => `+${id}`), ...(change.rulesRemoved ?? []).map((id) => `-${id}`)].join(' ');
    return [change.ref, change.verdict ?? '', `${delta > 0 ? '+' : ''}${formatBytes(delta)}`, findings, rules];
  });
  const count = (kind: FleetChange['kind']) => changes.filter((change) => change.kind === kind).length;
  const note = [`${count('changed')} changed`, count('new') ? `${count('new')} new` : '', count('gone') ? `${count('gone')} gone` : '', `${count('same')} the same`].filter(Boolean).join(', ');
  return { title: 'Since the baseline', note, headers: ['image', 'verdict', 'reclaimable', 'errors+warnings', 'rules'], numeric: [2], rows };
}

function serious(counts: { error: number; warning: number }): number {
  return counts.error + counts.warning;
}
