import type { OptimizeResult } from '../rewrite/optimize.js';
import { formatBytes } from '../bytes.js';

const change = (before: number, after: number) => `${formatBytes(before)} → ${formatBytes(after)}`;
const exact = (bytes: number) => `${bytes.toLocaleString('en-US')} B`;

/** The text `tsimage optimize` prints: per-layer sizes, the saving against analyze's figure, both filesystem digests. */
export function renderOptimizeText(r: OptimizeResult): string {
  const out: string[] = [];
  out.push(`optimized ${r.input.name} (${r.input.source}) → ${r.output.path} (${r.output.format}, new layers ${r.output.compression})`);
  out.push(`config ${r.output.configDigest}${r.output.manifestDigest ? `, manifest ${r.output.manifestDigest}` : ''}`);
  out.push('');
  const rows = r.layers.map((l) => [
    String(l.index), l.status, change(l.before.compressed, l.after.compressed), change(l.before.tar, l.after.tar), change(l.before.files, l.after.files),
    l.droppedVersions || l.droppedMarkers ? `${l.droppedVersions} versions, ${l.droppedMarkers} markers, ${formatBytes(l.droppedBytes)}` : '-',
  ]);
  const head = ['layer', 'status', 'stored', 'tar', 'file bytes', 'dropped'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  out.push(line(head));
  for (const row of rows) out.push(line(row));
  out.push('');
  out.push(`compressed    ${exact(r.before.compressed)} → ${exact(r.after.compressed)} (${formatBytes(r.before.compressed - r.after.compressed)} less)`);
  out.push(`uncompressed  ${exact(r.before.tar)} → ${exact(r.after.tar)} of tar (${formatBytes(r.before.tar - r.after.tar)} less)`);
  out.push(`file bytes    ${exact(r.before.files)} → ${exact(r.after.files)} (${exact(r.before.files - r.after.files)} dropped)`);
  out.push('');
  if (r.baseReclaimableBytes > 0) {
    out.push(`analyze's exact reclaimable ${exact(r.reclaimableBytes)}: ${exact(r.droppedBytes)} dropped; ${exact(r.baseReclaimableBytes)} lie in the ${r.keptBaseLayers} base layer(s) kept byte-identical (--no-keep-base would save them too)`);
  } else {
    const base = r.keptBaseLayers > 0 ? `; the ${r.keptBaseLayers} base layer(s) were kept byte-identical (--no-keep-base would save nothing more)` : '';
    out.push(`dropped ${exact(r.droppedBytes)} = analyze's exact reclaimable ${exact(r.reclaimableBytes)}${base}`);
  }
  for (const p of r.pinned) out.push(`kept /${p.path} (${exact(p.bytes)}, layer ${p.layer}): hidden, but a hard link that stays holds its bytes (not reclaimable)`);
  out.push(`analyze of the output: ${exact(r.outputReclaimableBytes)} exact reclaimable${r.outputReclaimableBytes > 0 ? ' (in the kept base layers)' : ''}`);
  out.push(`filesystem digest  input  ${r.filesystem.input.digest} (${r.filesystem.input.paths} paths)`);
  out.push(`                   output ${r.filesystem.output.digest} (${r.filesystem.output.paths} paths)  identical`);
  return out.join('\n') + '\n';
}
