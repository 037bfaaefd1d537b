/** The fleet report for a terminal: the summary, then each table with aligned columns. */
import type { FleetReport } from '../fleet/types.js';
import { fleetView, type FleetTable } from './fleet-tables.js';

export function renderFleetText(report: FleetReport): string {
  const view = fleetView(report);
  const out = [view.title, ...view.summary.map(([label, value]) => `  ${label}: ${value}`)];
  for (const table of view.tables) out.push('', `${table.title}${table.note ? ` (${table.note})` : ''}`, ...textTable(table));
  return out.join('\n') + '\n';
}

function textTable(table: FleetTable): string[] {
  const cells = [table.headers, ...table.rows].map((row) => row.map(oneLine));
  const widths = table.headers.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells.map((row) => '  ' + row.map((cell, column) => (table.numeric.includes(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

/** Control characters from a list or an image never reach the terminal as such. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}
