/**
 * What the HTML pages (the analysis report, the image diff) share: escaping, the page shell, the bar chart and
 * the file tree. Everything is drawn here, on the server side, as plain HTML and inline SVG: no chart library,
 * no font, no request, so the page is one file that opens anywhere (a CI artifact, a PR attachment, offline).
 * Every string from the image (file names, history, labels) is hostile input and goes through `esc`.
 */
import { createHash } from 'node:crypto';
import type { SizeNode, SizeTree } from '../analysis/size-tree.js';
import { weight } from '../analysis/size-tree.js';
import { formatBytes } from '../bytes.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value: the five HTML specials escaped, and control characters a tar name may carry shown as U+FFFD. */
export function esc(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

/** Bytes as a person reads them, with the exact count on hover. */
export function bytesHtml(bytes: number): string {
  return `<span title="${bytes} bytes">${esc(formatBytes(bytes))}</span>`;
}

const STYLE = `
:root{--fg:#1d2330;--dim:#5d6675;--bg:#fff;--line:#d9dee6;--kept:#4a7bd0;--waste:#d9534f;--added:#1f8f3a;--modified:#a66f00;--removed:#c62828;--row:#f4f6f9}
@media (prefers-color-scheme:dark){:root{--fg:#e4e8ee;--dim:#9aa3b0;--bg:#15181d;--line:#343b46;--row:#1e232b}}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:16px 24px 48px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
code,pre,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12.5px}
pre{white-space:pre-wrap;word-break:break-all;margin:0}
.dim{color:var(--dim)}.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}th{font-weight:600}
tbody tr:nth-child(odd){background:var(--row)}
.summary{display:flex;flex-wrap:wrap;gap:8px 28px;margin:10px 0}.summary div b{display:block;font-size:18px}
.chart svg{max-width:100%;height:auto;display:block}.chart text{font:12px ui-monospace,Menlo,Consolas,monospace;fill:var(--fg)}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
.tree ul{list-style:none;margin:0;padding-left:18px}.tree>ul{padding-left:0}.tree li{white-space:nowrap}
.tree summary{cursor:pointer}.tree .size{display:inline-block;min-width:6.5em;text-align:right;margin-right:8px;font-variant-numeric:tabular-nums}
.tree .leaf{padding-left:14px}.tree .omitted{color:var(--dim);font-style:italic;padding-left:14px}
.mark{display:inline-block;width:1.4em;font-weight:700}.m-added{color:var(--added)}.m-modified{color:var(--modified)}.m-removed{color:var(--removed)}
li.m-removed>.leaf .name,li.m-removed>details>summary .name{text-decoration:line-through}
input[type=search]{font:inherit;padding:4px 8px;width:min(420px,100%);border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
select{font:inherit;max-width:min(36em,100%)}.filterbar{display:flex;gap:12px;align-items:center;margin:6px 0 10px;flex-wrap:wrap}
.finding{margin:2px 0 6px 0;padding:4px 8px;border-left:3px solid var(--modified);background:var(--row)}.finding.error{border-color:var(--removed)}.finding.info{border-color:var(--kept)}
.instr{margin:0 0 2px}.instr pre{display:inline}.instr.inherited{color:var(--dim)}.note{color:var(--dim)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}@media (max-width:900px){.cols{grid-template-columns:1fr}}
.k-added{color:var(--added)}.k-removed{color:var(--removed)}.k-changed{color:var(--modified)}
`;

/** The filter: shows entries whose path contains the text, with the directories that lead to them (opened). */
const SCRIPT = `
(function(){
  function filterTree(tree, query){
    var q = query.trim().toLowerCase();
    var items = tree.querySelectorAll('li[data-p]');
    var shown = 0;
    for (var i = items.length - 1; i >= 0; i--) {
      var li = items[i];
      var keep = !q || li.getAttribute('data-p').toLowerCase().indexOf(q) >= 0 || li.hasAttribute('data-keep');
      li.removeAttribute('data-keep');
      li.hidden = !keep;
      if (keep) {
        shown++;
        var parent = li.parentElement && li.parentElement.closest('li[data-p]');
        if (parent && q) parent.setAttribute('data-keep', '');
        var d = li.querySelector(':scope>details');
        if (d && q) d.open = true;
      }
    }
    return shown;
  }
  document.querySelectorAll('input[data-filter]').forEach(function(input){
    input.addEventListener('input', function(){
      var shown = 0;
      document.querySelectorAll(input.getAttribute('data-filter')).forEach(function(tree){
        var n = filterTree(tree, input.value);
        if (!tree.closest('[hidden]')) shown += n;
      });
      var count = input.parentElement.querySelector('.count');
      if (count) count.textContent = input.value.trim() ? shown + ' shown' : '';
    });
  });
  document.querySelectorAll('select[data-switch]').forEach(function(select){
    function show(){
      document.querySelectorAll(select.getAttribute('data-switch')).forEach(function(el){ el.hidden = el.id !== select.value; });
    }
    select.addEventListener('change', show);
    show();
  });
})();
`;

/**
 * The whole page. The Content-Security-Policy allows no request at all and only the one script by its hash:
 * even a string that escaped `esc` could not run or fetch anything.
 */
export function htmlPage(title: string, body: string): string {
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body>
${body}
<script>${SCRIPT}</script>
</body></html>
`;
}

export interface BarRow {
  /** Left of the bar, cut to fit. */
  label: string;
  /** Stacked segments, left to right. */
  segments: { bytes: number; colour: string; title: string }[];
  /** Right of the bar. */
  note?: string;
}

function cut(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** A horizontal stacked bar chart, one row per item, scaled to the largest row: plain SVG with a title per segment. */
export function barChart(rows: BarRow[], { labelChars = 56, scaleTo }: { labelChars?: number; /** Bytes of a full bar: the same for charts compared side by side. */ scaleTo?: number } = {}): string {
  const rowHeight = 22, labelWidth = labelChars * 7.3 + 10, barWidth = 420, noteWidth = 90;
  const width = labelWidth + barWidth + noteWidth;
  const max = Math.max(1, scaleTo ?? 0, ...rows.map((r) => r.segments.reduce((s, x) => s + x.bytes, 0)));
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = i * rowHeight;
    parts.push(`<text x="0" y="${y + 15}"><title>${esc(row.label)}</title>${esc(cut(row.label, labelChars))}</text>`);
    let x = labelWidth;
    for (const seg of row.segments) {
      if (seg.bytes <= 0) continue;
      const w = Math.max(1, (seg.bytes / max) * barWidth);
      parts.push(`<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${seg.colour}"><title>${esc(seg.title)}</title></rect>`);
      x += w;
    }
    if (row.note) parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 15}">${esc(row.note)}</text>`);
  });
  const height = Math.max(rowHeight, rows.length * rowHeight);
  return `<div class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width.toFixed(0)} ${height}" width="${width.toFixed(0)}" height="${height}" role="img">${parts.join('')}</svg></div>`;
}

const MARK_LETTER = { added: 'A', modified: 'M', removed: 'R' } as const;

function nodeLabel(node: SizeNode): string {
  const mark = node.change ? `<span class="mark m-${node.change}" title="${node.change}">${MARK_LETTER[node.change]}</span>` : '<span class="mark"></span>';
  const size = node.change === 'removed' ? `<span class="size m-removed">−${esc(formatBytes(weight(node)))}</span>` : `<span class="size">${bytesHtml(node.bytes)}</span>`;
  const name = `<span class="name">${esc(node.name)}${node.children ? '/' : ''}</span>`;
  const link = node.linkTarget !== undefined ? ` <span class="dim">→ ${esc(node.linkTarget)}</span>` : '';
  const layer = node.layer >= 0 ? ` <span class="dim">· layer ${node.layer}</span>` : '';
  return `${mark}${size}${name}${link}${layer}`;
}

function treeItems(node: SizeNode, depth: number, out: string[]): void {
  for (const child of node.children ?? []) {
    const cls = child.change ? ` class="m-${child.change}"` : '';
    if (child.children) {
      out.push(`<li data-p="/${esc(child.path)}"${cls}><details${depth < 2 && child.children.length <= 40 ? ' open' : ''}><summary>${nodeLabel(child)}</summary><ul>`);
      treeItems(child, depth + 1, out);
      out.push('</ul></details></li>');
    } else {
      out.push(`<li data-p="/${esc(child.path)}"${cls}><div class="leaf">${nodeLabel(child)}</div></li>`);
    }
  }
  if (node.omitted) out.push(`<li class="omitted">… ${node.omitted.entries} more ${node.omitted.entries === 1 ? 'entry' : 'entries'}, ${esc(formatBytes(node.omitted.bytes))}</li>`);
}

/** A size-sorted tree as nested lists (details/summary, so it folds with no script), with the cut said below it. */
export function treeHtml(tree: SizeTree, id: string): string {
  const out: string[] = [`<div class="tree" id="${esc(id)}"><ul>`];
  treeItems(tree.root, 0, out);
  out.push('</ul>');
  if (tree.omitted.entries) {
    out.push(`<p class="dim">Showing the ${tree.shownEntries} largest of ${tree.totalEntries} entries; ${tree.omitted.entries} entries (${esc(formatBytes(tree.omitted.bytes))}) left out to keep the page small — <code>tsimage tree</code> shows them all.</p>`);
  }
  if (!tree.root.children?.length && !tree.root.omitted) out.push('<p class="dim">No entries.</p>');
  out.push('</div>');
  return out.join('');
}
