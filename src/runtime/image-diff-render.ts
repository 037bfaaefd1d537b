import { formatBytes } from '../bytes.js';
import type { FileDiff, ImageDiff, ValueChange } from './image-diff.js';

/** Views of an ImageDiff. JSON is the object itself, so the views can never say more than it. */

const FILE_MARK = { added: '+', removed: '-', changed: '~' } as const;
const PACKAGE_MARK = { added: '+', removed: '-', upgraded: '^', downgraded: 'v' } as const;

function signed(bytes: number): string {
  return `${bytes >= 0 ? '+' : '-'}${formatBytes(Math.abs(bytes))}`;
}

function fileSize(f: FileDiff): string {
  if (f.type === 'directory') return '';
  if (f.kind === 'added') return formatBytes(f.sizeB ?? 0);
  if (f.kind === 'removed') return formatBytes(f.sizeA ?? 0);
  return f.sizeA === f.sizeB ? formatBytes(f.sizeB ?? 0) : `${formatBytes(f.sizeA ?? 0)} -> ${formatBytes(f.sizeB ?? 0)}`;
}

function filePath(f: FileDiff): string {
  return `/${f.path}${f.type === 'directory' ? '/' : f.type === 'symlink' ? ' (symlink)' : ''}`;
}

const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));

function valueLines(changes: ValueChange<unknown>[], sep: string): string[] {
  return changes.map((c) => (c.a === undefined ? `+ ${c.key}${sep}${typeof c.b === 'string' && sep === '=' ? c.b : show(c.b)}`
    : c.b === undefined ? `- ${c.key}${sep}${typeof c.a === 'string' && sep === '=' ? c.a : show(c.a)}`
      : `~ ${c.key}: ${show(c.a)} -> ${show(c.b)}`));
}

function totalsLine(d: ImageDiff): string {
  const t = d.fileTotals;
  return `${t.added} added (${formatBytes(t.addedBytes)}), ${t.removed} removed (${formatBytes(t.removedBytes)}), ${t.changed} changed (${signed(t.changedBytes)}); directories not counted`;
}

function sections(d: ImageDiff): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  out.push({
    title: `Layers (${d.a.layers} -> ${d.b.layers}; ${d.sharedBaseLayers} shared from the bottom; ${signed(d.b.bytes - d.a.bytes)})`,
    lines: d.layers.filter((l) => l.kind !== 'same').map((l) => {
      const size = l.kind === 'added' ? `+${formatBytes(l.bytesB ?? 0)}` : l.kind === 'removed' ? `-${formatBytes(l.bytesA ?? 0)}` : `${formatBytes(l.bytesA ?? 0)} -> ${formatBytes(l.bytesB ?? 0)} (${signed((l.bytesB ?? 0) - (l.bytesA ?? 0))})`;
      const by = l.kind === 'removed' ? l.createdByA : l.createdByB;
      const where = l.kind === 'added' ? `B${l.indexB}` : l.kind === 'removed' ? `A${l.indexA}` : `A${l.indexA}/B${l.indexB}`;
      return `${where} ${l.kind} ${size}${by ? `  ${by.slice(0, 100)}` : ''}`;
    }),
  });
  out.push({
    title: `History (${d.history.common} entries in common)`,
    lines: [...d.history.removed.map((h) => `- ${h || '(no created_by)'}`), ...d.history.added.map((h) => `+ ${h || '(no created_by)'}`)],
  });
  out.push({ title: 'Config', lines: valueLines(d.config, ': ') });
  out.push({ title: 'Env', lines: valueLines(d.env, '=') });
  out.push({ title: 'Labels', lines: valueLines(d.labels, '=') });
  const managers = [...new Set([d.packages.managers.a, d.packages.managers.b].filter(Boolean))].join(', ');
  out.push({
    title: `Packages${managers ? ` (${managers})` : ' (no package database in either image)'}`,
    lines: d.packages.changes.map((p) => `${PACKAGE_MARK[p.kind]} ${p.name} ${p.kind === 'added' ? p.to : p.kind === 'removed' ? p.from : `${p.from} -> ${p.to}`}`),
  });
  out.push({
    title: `Files: ${totalsLine(d)}`,
    lines: d.files.map((f) => `${FILE_MARK[f.kind]} ${filePath(f)}${fileSize(f) ? `  ${fileSize(f)}` : ''}${f.what && !(f.what.length === 1 && f.what[0] === 'size') ? `  (${f.what.join(', ')})` : ''}`),
  });
  return out;
}

function header(d: ImageDiff): string[] {
  return [
    `A: ${d.a.name} (${d.a.source}) ${d.a.layers} layers, ${formatBytes(d.a.bytes)}`,
    `B: ${d.b.name} (${d.b.source}) ${d.b.layers} layers, ${formatBytes(d.b.bytes)}`,
  ];
}

export function renderImageDiffText(d: ImageDiff): string {
  const lines = header(d);
  if (d.identical) return [...lines, 'identical: same layers, files, history, config and packages'].join('\n') + '\n';
  for (const section of sections(d)) {
    if (section.lines.length === 0 && !section.title.startsWith('Files')) continue;
    lines.push('', section.title);
    for (const line of section.lines) lines.push(`  ${line}`);
  }
  return lines.join('\n') + '\n';
}

export function renderImageDiffMarkdown(d: ImageDiff): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/`/g, "'");
  const lines = ['## Image diff', '', '| | image | source | layers | size |', '|---|---|---|---|---|',
    `| A | ${esc(d.a.name)} | \`${esc(d.a.source)}\` | ${d.a.layers} | ${formatBytes(d.a.bytes)} |`,
    `| B | ${esc(d.b.name)} | \`${esc(d.b.source)}\` | ${d.b.layers} | ${formatBytes(d.b.bytes)} |`, ''];
  if (d.identical) return [...lines, 'Identical: same layers, files, history, config and packages.', ''].join('\n');
  for (const section of sections(d)) {
    if (section.lines.length === 0) continue;
    lines.push(`### ${esc(section.title)}`, '', '```diff', ...section.lines.map((l) => l.replace(/^~/, '!')), '```', '');
  }
  return lines.join('\n');
}

export function renderImageDiffJson(d: ImageDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}
