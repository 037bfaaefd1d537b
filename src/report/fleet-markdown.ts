/** The fleet report as GitHub-flavoured Markdown: a job summary or a wiki page. */
import type { FleetReport } from '../fleet/types.js';
import { fleetView } from './fleet-tables.js';

export function renderFleetMarkdown(report: FleetReport): string {
  const view = fleetView(report);
  const out = [`## ${cell(view.title)}`, '', ...view.summary.map(([label, value]) => `- **${label}**: ${cell(value)}`)];
  for (const table of view.tables) {
    out.push('', `### ${table.title}`, '');
    if (table.note) out.push(`_${cell(table.note)}_`, '');
    out.push(`| ${table.headers.map(cell).join(' | ')} |`);
    out.push(`|${table.headers.map((_, column) => (table.numeric.includes(column) ? '---:' : '---')).join('|')}|`);
    for (const row of table.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

/** A table cell: pipes, newlines and HTML cannot break the table or inject markup. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}
