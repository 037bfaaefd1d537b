/**
 * `--format html`: the whole report as one self-contained page (see html-page.ts for why there is no chart
 * library): the layer chart with wasted bytes stacked, wasted files largest first with why and the line to
 * change, the final filesystem and each layer's changes as filterable size-sorted trees, the reconstructed
 * Dockerfile with the findings under their instruction, and the base with smaller bases.
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { ImageTrees } from '../analysis/size-tree.js';
import type { Finding } from '../lint/types.js';
import { formatBytes, formatPercent } from '../bytes.js';
import { byCost, findingsOf } from './findings.js';
import { barChart, bytesHtml, esc, htmlPage, treeHtml } from './html-page.js';
import { shortCommand } from './text.js';

export interface HtmlOptions {
  /** The file trees (src/analysis/size-tree.ts), cut to the page's budget; without them the page says so. */
  trees?: ImageTrees;
}

const KEPT = 'var(--kept)';
const WASTE = 'var(--waste)';

/** The line a person recognises for a layer: the reconstruction's, else the history's. */
function layerInstructions(report: AnalysisReport): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of report.layers) out.set(l.index, shortCommand(l.createdBy) || '(no history)');
  for (const i of report.instructions ?? []) {
    if (i.origin === 'history' && i.layerIndex !== undefined && i.instruction !== 'UNKNOWN' && i.createdBy?.trim()) out.set(i.layerIndex, i.text);
  }
  return out;
}

function summary(report: AnalysisReport): string {
  const img = report.image;
  const platform = [img.os, img.architecture, img.variant].filter(Boolean).join('/');
  const w = report.waste;
  const cells = [
    ['Size', `${bytesHtml(report.totalBytes)}`, `${report.layerCount} layers, ${esc(formatBytes(report.compressedBytes))} stored`],
    ['Final filesystem', bytesHtml(report.finalBytes), ''],
    ['Reclaimable', bytesHtml(w.reclaimableBytes), `efficiency ${esc(formatPercent(w.efficiency))}`],
    ['Duplicated', bytesHtml(w.duplicateBytes), `${w.duplicates.length} groups`],
    ['Findings', String(findingsOf(report).length), ''],
  ];
  return `<h1>${esc(img.name)}</h1>
<div class="dim">${esc(img.format)} · ${esc(platform)}${img.digest ? ` · <span class="mono">${esc(img.digest)}</span>` : ''}${img.created ? ` · created ${esc(img.created)}` : ''}</div>
<div class="summary">${cells.map(([k, v, d]) => `<div><span class="dim">${k}</span><b>${v}</b><span class="dim">${d}</span></div>`).join('')}</div>`;
}

function layerSection(report: AnalysisReport, instructions: Map<number, string>): string {
  const wasted = new Map(report.waste.byLayer.map((l) => [l.layerIndex, l.bytes]));
  const rows = report.layers.map((l) => {
    const waste = Math.min(wasted.get(l.index) ?? 0, l.bytes);
    return {
      label: `${l.index}  ${instructions.get(l.index) ?? ''}`,
      segments: [
        { bytes: l.bytes - waste, colour: KEPT, title: `layer ${l.index}: ${formatBytes(l.bytes - waste)} reach the final filesystem` },
        { bytes: waste, colour: WASTE, title: `layer ${l.index}: ${formatBytes(waste)} written here never reach the final filesystem` },
      ],
      note: formatBytes(l.bytes),
    };
  });
  const table = report.layers.map((l) => `<tr><td class="num">${l.index}</td><td class="num">${bytesHtml(l.bytes)}</td><td class="num">${wasted.get(l.index) ? bytesHtml(wasted.get(l.index)!) : ''}</td><td class="num">${l.added}/${l.modified}/${l.removed}</td><td><code>${esc(instructions.get(l.index))}</code></td></tr>`).join('');
  return `<h2 id="layers">Layers</h2>
<div class="legend dim"><span style="background:${KEPT}"></span>bytes that reach the final filesystem<span style="background:${WASTE}"></span>bytes later layers delete or replace (wasted)</div>
${barChart(rows)}
<details><summary>Layer table</summary><table><thead><tr><th class="num">#</th><th class="num">Size</th><th class="num">Wasted</th><th class="num">Files +/~/-</th><th>Instruction</th></tr></thead><tbody>${table}</tbody></table></details>`;
}

function why(cause: string, removedBy: number, instructions: Map<number, string>): string {
  const by = `layer ${removedBy} (${instructions.get(removedBy) ?? ''})`;
  switch (cause) {
    case 'deleted': return `removed by ${by}`;
    case 'opaque-dir': return `its directory was replaced by ${by}`;
    case 'overwritten': return `replaced by ${by}`;
    case 'metadata-copy': return `chmod/chown copy: ${by} stored the same bytes again`;
    case 'type-change': return `replaced by another file type in ${by}`;
    default: return `${cause} by ${by}`;
  }
}

function wasteSection(report: AnalysisReport, instructions: Map<number, string>, findings: Finding[]): string {
  const top = report.waste.topPaths;
  if (top.length === 0) return '<h2 id="waste">Wasted files</h2><p>No file written by one layer is deleted or replaced by a later one.</p>';
  const rows = top.map((w) => {
    // The line to change: for a chmod copy the layer that copied, else the one that wrote the bytes; a finding
    // naming the file says how, and where in the user's Dockerfile when --dockerfile was given.
    const changeLayer = w.cause === 'metadata-copy' ? w.removedBy : w.writtenBy;
    const finding = findings.find((f) => f.paths.includes(w.path) && f.bytes);
    const where = finding?.file ? `<div class="dim">${esc(finding.file)}${finding.line ? `:${finding.line}` : ''}</div>` : '';
    const fix = finding?.fix ? `<div class="dim">fix: ${esc(finding.fix)}</div>` : '';
    return `<tr><td class="num">${bytesHtml(w.bytes)}</td><td class="mono">/${esc(w.path)}</td><td>written by layer ${w.writtenBy}; ${esc(why(w.cause, w.removedBy, instructions))}</td><td><code>${esc(instructions.get(changeLayer))}</code>${where}${fix}</td></tr>`;
  }).join('');
  return `<h2 id="waste">Wasted files</h2>
<p class="dim">${top.length === 1 ? 'The file' : `The ${top.length} largest files`} whose bytes ship but never reach the final filesystem: ${esc(formatBytes(report.waste.reclaimableBytes))} reclaimable in all.</p>
<table id="wasted"><thead><tr><th class="num">Bytes</th><th>File</th><th>Why</th><th>Line to change</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function treesSection(report: AnalysisReport, trees: ImageTrees | undefined, instructions: Map<number, string>): string {
  if (!trees) return '<h2 id="files">Files</h2><p class="dim">The file tree was not given to this report.</p>';
  const options = [`<option value="tree-final">final filesystem (${esc(formatBytes(report.finalBytes))})</option>`]
    .concat(trees.layers.map((t) => `<option value="tree-layer-${t.layer}">layer ${t.layer}: ${esc(cutText(instructions.get(t.layer!) ?? '', 70))}</option>`));
  const panes = [`<div class="pane" id="tree-final">${treeHtml(trees.final, 'files-final')}</div>`]
    .concat(trees.layers.map((t) => `<div class="pane" id="tree-layer-${t.layer}" hidden><p class="dim">What layer ${t.layer} changed: <span class="m-added">A</span> added, <span class="m-modified">M</span> modified, <span class="m-removed">R</span> removed.</p>${treeHtml(t, `files-layer-${t.layer}`)}</div>`));
  return `<h2 id="files">Files</h2>
<div class="filterbar"><select aria-label="tree" data-switch="#trees>.pane">${options.join('')}</select>
<input type="search" id="filter" placeholder="filter by path (e.g. .so or /usr/lib)" data-filter="#trees .tree"><span class="count dim"></span></div>
<div id="trees">${panes.join('')}</div>`;
}

function cutText(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function findingHtml(f: Finding): string {
  const bytes = f.bytes ? ` <b>${esc(formatBytes(f.bytes))}</b>` : '';
  const where = f.file ? ` <span class="dim">${esc(f.file)}${f.line ? `:${f.line}` : ''}</span>` : '';
  const fix = f.fix ? `<div class="dim">fix: ${esc(f.fix)}</div>` : '';
  return `<div class="finding ${esc(f.severity)}"><b>${esc(f.severity)}</b> <code>${esc(f.ruleId)}</code>${bytes}${where} — ${esc(f.message)}${fix}</div>`;
}

function dockerfileSection(report: AnalysisReport, findings: Finding[]): string {
  const byLayer = new Map<number, Finding[]>();
  const unplaced: Finding[] = [];
  const layersWithInstruction = new Set((report.instructions ?? []).filter((i) => i.layerIndex !== undefined).map((i) => i.layerIndex!));
  for (const f of [...findings].sort(byCost)) {
    if (f.layerIndex !== undefined && layersWithInstruction.has(f.layerIndex)) {
      const list = byLayer.get(f.layerIndex) ?? [];
      list.push(f);
      byLayer.set(f.layerIndex, list);
    } else {
      unplaced.push(f);
    }
  }
  const parts: string[] = ['<h2 id="dockerfile">Dockerfile, reconstructed, with findings</h2>'];
  if (unplaced.length) parts.push(`<h3>Findings about the image as a whole</h3>${unplaced.map(findingHtml).join('')}`);
  if (!report.instructions?.length) {
    parts.push(report.dockerfile ? `<pre>${esc(report.dockerfile)}</pre>` : '<p class="dim">The Dockerfile could not be reconstructed.</p>');
    return parts.join('\n');
  }
  parts.push('<div class="mono">');
  const shown = new Set<number>();
  for (const i of report.instructions) {
    for (const note of i.notes) parts.push(`<div class="note"># ${esc(note)}</div>`);
    const size = i.bytes ? ` <span class="dim">(${esc(formatBytes(i.bytes))}${i.layerIndex !== undefined ? `, layer ${i.layerIndex}` : ''})</span>` : '';
    parts.push(`<div class="instr${i.inherited ? ' inherited' : ''}"><pre>${i.inherited ? '# from the base: ' : ''}${esc(i.text)}</pre>${size}</div>`);
    if (i.layerIndex !== undefined && !shown.has(i.layerIndex)) {
      shown.add(i.layerIndex);
      parts.push(...(byLayer.get(i.layerIndex) ?? []).map(findingHtml));
    }
  }
  parts.push('</div>');
  if (report.dockerfile) parts.push(`<details><summary>As a file</summary><pre>${esc(report.dockerfile)}</pre></details>`);
  return parts.join('\n');
}

function baseSection(report: AnalysisReport): string {
  const base = report.base;
  if (!base) return '';
  const os = base.os === 'unknown' ? 'unknown' : `${base.osName ?? base.os}${base.version ? ` ${base.version}` : ''}`;
  const rows = [
    ['Built on', `${esc(os)}; family ${esc(base.family)}, libc ${esc(base.libc)}`],
    ['Closest base', `${esc(base.guess.image)} (${esc(base.guess.confidence)}) <span class="dim">${esc(base.guess.reasons.join('; '))}</span>`],
    ['Base layers', `${base.baseLayers}, ${bytesHtml(base.baseBytes)} <span class="dim">${esc(base.boundary)}</span>`],
    ['Packages', base.packages.count !== undefined ? `${base.packages.count} ${esc(base.packages.manager)} packages` : esc(base.packages.manager === 'none' ? 'no package database' : base.packages.note ?? 'not read')],
    ...base.eol.map((e) => ['Support', `${esc(e.subject)}: ${e.ended ? `<b class="m-removed">ended ${esc(e.date)}</b>` : `until ${esc(e.date)}`}`]),
  ];
  const alternatives = base.alternatives.length
    ? `<h3>Smaller bases</h3><table><thead><tr><th>Base</th><th class="num">Size</th><th class="num">Saves</th><th>Keeps</th><th>Cautions</th></tr></thead><tbody>${base.alternatives.map((a) => `<tr><td><code>${esc(a.from)}</code></td><td class="num">${a.estimate ? '~' : ''}${bytesHtml(a.bytes)}</td><td class="num">${a.estimate ? '~' : ''}${bytesHtml(a.estimatedSavingBytes)}</td><td>${esc(a.keeps.join(', '))}</td><td>${esc(a.cautions.join('; '))}</td></tr>`).join('')}</tbody></table>`
    : base.noAlternativeReason ? `<p class="dim">No smaller base: ${esc(base.noAlternativeReason)}</p>` : '';
  return `<h2 id="base">Base image</h2><table><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>${alternatives}`;
}

export function renderHtml(report: AnalysisReport, options: HtmlOptions = {}): string {
  const instructions = layerInstructions(report);
  const findings = findingsOf(report);
  const notes = report.notes.length ? `<h2 id="notes">Notes</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const body = [
    summary(report),
    layerSection(report, instructions),
    wasteSection(report, instructions, findings),
    treesSection(report, options.trees, instructions),
    dockerfileSection(report, findings),
    baseSection(report),
    notes,
    `<p class="dim">Made by tsimage. This page makes no request: everything it shows is in this file.</p>`,
  ].join('\n');
  return htmlPage(`tsimage: ${report.image.name}`, body);
}

/** `lint --format html`: no image, so no chart or tree; the findings by file and line. */
export function renderSourceHtml(files: string[], findings: Finding[]): string {
  const sorted = [...findings].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || byCost(a, b));
  const body = `<h1>Dockerfile lint: ${esc(files.join(', '))}</h1>
<p>${findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'No findings.'}</p>
${sorted.map(findingHtml).join('\n')}`;
  return htmlPage(`tsimage lint: ${files.join(', ')}`, body);
}
