/**
 * `diff --format html`: the two images side by side in one self-contained page (shared parts in
 * src/report/html-page.ts): each image's layers as a bar chart coloured by what the other image has, the
 * changed files as a filterable size-sorted tree, and the history, config, env, label and package changes.
 */
import { changeTree, cutTree, type ChangeMark } from '../analysis/size-tree.js';
import { formatBytes } from '../bytes.js';
import { barChart, bytesHtml, esc, htmlPage, treeHtml } from '../report/html-page.js';
import { shortCommand } from '../report/text.js';
import type { FileDiff, ImageDiff, LayerDiff, ValueChange } from './image-diff.js';

/** Changed files the page lists at most, the largest kept: a rebuild of a big image can change every file. */
export const DIFF_HTML_MAX_FILES = 5000;

const KIND_COLOUR: Record<LayerDiff['kind'], string> = { same: 'var(--kept)', changed: 'var(--modified)', added: 'var(--added)', removed: 'var(--removed)' };
const FILE_CHANGE: Record<FileDiff['kind'], ChangeMark> = { added: 'added', removed: 'removed', changed: 'modified' };

function side(d: ImageDiff, which: 'a' | 'b', scaleTo: number): string {
  const info = d[which];
  const layers = d.layers.filter((l) => (which === 'a' ? l.indexA : l.indexB) !== undefined)
    .sort((x, y) => (which === 'a' ? x.indexA! - y.indexA! : x.indexB! - y.indexB!));
  const rows = layers.map((l) => {
    const index = which === 'a' ? l.indexA! : l.indexB!;
    const bytes = (which === 'a' ? l.bytesA : l.bytesB) ?? 0;
    const by = shortCommand(which === 'a' ? l.createdByA : l.createdByB) || '(no history)';
    return { label: `${index}  ${by}`, segments: [{ bytes, colour: KIND_COLOUR[l.kind], title: `layer ${index}: ${l.kind} (${formatBytes(bytes)})` }], note: formatBytes(bytes) };
  });
  return `<div><h2>${which.toUpperCase()}: ${esc(info.name)}</h2>
<div class="dim mono">${esc(info.source)}${info.digest ? `<br>${esc(info.digest)}` : ''}</div>
<div class="summary"><div><span class="dim">Size</span><b>${bytesHtml(info.bytes)}</b></div><div><span class="dim">Layers</span><b>${info.layers}</b></div></div>
${barChart(rows, { labelChars: 34, scaleTo })}</div>`;
}

function valueTable(title: string, changes: ValueChange<unknown>[]): string {
  if (!changes.length) return '';
  const show = (v: unknown) => (v === undefined ? '<span class="dim">(unset)</span>' : `<code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code>`);
  return `<h3>${esc(title)}</h3><table><thead><tr><th>Key</th><th>A</th><th>B</th></tr></thead><tbody>${changes.map((c) => `<tr><td><code>${esc(c.key)}</code></td><td>${show(c.a)}</td><td>${show(c.b)}</td></tr>`).join('')}</tbody></table>`;
}

export function renderImageDiffHtml(d: ImageDiff): string {
  const t = d.fileTotals;
  const parts: string[] = [`<h1>Image diff</h1>`];
  parts.push(`<div class="legend dim">Layers: <span style="background:${KIND_COLOUR.same}"></span>in both<span style="background:${KIND_COLOUR.changed}"></span>changed<span style="background:${KIND_COLOUR.removed}"></span>only in A<span style="background:${KIND_COLOUR.added}"></span>only in B · ${d.sharedBaseLayers} layers shared from the bottom</div>`);
  // One scale for both charts, so that bars compare across the two sides.
  const scaleTo = Math.max(0, ...d.layers.map((l) => Math.max(l.bytesA ?? 0, l.bytesB ?? 0)));
  parts.push(`<div class="cols">${side(d, 'a', scaleTo)}${side(d, 'b', scaleTo)}</div>`);
  if (d.identical) {
    parts.push('<p><b>Identical:</b> same layers, files, history, config and packages.</p>');
    return htmlPage(`tsimage diff: ${d.a.name} → ${d.b.name}`, parts.join('\n'));
  }
  const items = d.files.map((f) => ({
    path: f.path, type: f.type, change: FILE_CHANGE[f.kind],
    bytes: f.type === 'file' ? (f.kind === 'removed' ? f.sizeA ?? 0 : f.sizeB ?? 0) : 0,
  }));
  const tree = cutTree(changeTree(items), { maxEntries: DIFF_HTML_MAX_FILES }, 'changes');
  parts.push(`<h2 id="files">Files</h2>
<p>${t.added} added (${esc(formatBytes(t.addedBytes))}), ${t.removed} removed (${esc(formatBytes(t.removedBytes))}), ${t.changed} changed; sizes are B's (A's for a removed file). <span class="m-added">A</span> only in B, <span class="m-modified">M</span> changed, <span class="m-removed">R</span> only in A.</p>
<div class="filterbar"><input type="search" id="filter" placeholder="filter by path" data-filter="#diff-files"><span class="count dim"></span></div>
${treeHtml(tree, 'diff-files')}`);
  const what = d.files.filter((f) => f.kind === 'changed' && f.what?.length);
  if (what.length) {
    parts.push(`<details><summary>What changed in each changed file (${what.length})</summary><table><tbody>${what.slice(0, DIFF_HTML_MAX_FILES).map((f) => `<tr><td class="mono">/${esc(f.path)}</td><td>${esc(f.what!.join(', '))}</td><td class="num">${f.sizeA !== f.sizeB ? `${esc(formatBytes(f.sizeA ?? 0))} → ${esc(formatBytes(f.sizeB ?? 0))}` : ''}</td></tr>`).join('')}</tbody></table></details>`);
  }
  if (d.history.removed.length || d.history.added.length) {
    const list = (items: string[]) => items.length ? `<ul>${items.map((h) => `<li><code>${esc(h || '(no created_by)')}</code></li>`).join('')}</ul>` : '<p class="dim">none</p>';
    parts.push(`<h2 id="history">History</h2><p class="dim">${d.history.common} entries in common.</p><div class="cols"><div><h3>Only in A</h3>${list(d.history.removed)}</div><div><h3>Only in B</h3>${list(d.history.added)}</div></div>`);
  }
  const values = [valueTable('Config', d.config), valueTable('Env', d.env), valueTable('Labels', d.labels)].join('');
  if (values) parts.push(`<h2 id="config">Config</h2>${values}`);
  if (d.packages.changes.length) {
    parts.push(`<h2 id="packages">Packages</h2><table><thead><tr><th>Package</th><th>Change</th><th>A</th><th>B</th></tr></thead><tbody>${d.packages.changes.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.kind)}</td><td>${esc(p.from ?? '')}</td><td>${esc(p.to ?? '')}</td></tr>`).join('')}</tbody></table>`);
  }
  parts.push('<p class="dim">Made by tsimage. This page makes no request: everything it shows is in this file.</p>');
  return htmlPage(`tsimage diff: ${d.a.name} → ${d.b.name}`, parts.join('\n'));
}
