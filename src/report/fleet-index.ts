/** The fleet report formats `tsimage batch` and `tsimage merge` write. */
import type { FleetReport } from '../fleet/types.js';
import { renderFleetHtml } from './fleet-html.js';
import { renderFleetMarkdown } from './fleet-markdown.js';
import { renderFleetText } from './fleet-text.js';

export const FLEET_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

export const fleetReporters: Record<FleetFormat, (report: FleetReport) => string> = {
  text: renderFleetText,
  json: (report) => JSON.stringify(report, null, 2) + '\n',
  markdown: renderFleetMarkdown,
  html: renderFleetHtml,
};
