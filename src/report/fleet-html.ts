/** The fleet report as one self-contained page: the same page shell, CSP and escaping as `--format html`. */
import type { FleetReport } from '../fleet/types.js';
import { fleetView, type FleetTable } from './fleet-tables.js';
import { esc, htmlPage } from './html-page.js';

export function renderFleetHtml(report: FleetReport): string {
  const view = fleetView(report);
  const summary = `<div class="summary">${view.summary.map(([label, value]) => `<div><span class="dim">${esc(label)}</span><b>${esc(value)}</b></div>`).join('')}</div>`;
  const tables = view.tables.map(tableHtml).join('\n');
  return htmlPage(view.title, `<h1>${esc(view.title)}</h1>\n<p class="dim">generated ${esc(report.generatedAt)}</p>\n${summary}\n${tables}`);
}

function tableHtml(table: FleetTable): string {
  const align = (column: number) => (table.numeric.includes(column) ? ' class="num"' : '');
  const head = table.headers.map((header, column) => `<th${align(column)}>${esc(header)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map((value, column) => `<td${align(column)}>${esc(value)}</td>`).join('')}</tr>`).join('\n');
  return `<h2>${esc(table.title)}</h2>${table.note ? `<p class="dim">${esc(table.note)}</p>` : ''}\n<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
