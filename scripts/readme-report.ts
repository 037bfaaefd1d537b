/**
 * The README's sample report and its picture, from a real run: `tsimage analyze samples/waste.docker.tar`
 * on a pseudo-terminal 100 columns wide (util-linux `script`), colour on. Writes docs/images/analyze-waste.svg
 * and the same text, uncoloured, between the README's report markers. `npm run readme` runs it; the README
 * test fails when either no longer matches what the CLI prints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInTerminal, scriptUnavailable } from './terminal.js';
import { renderTerminalSvg } from './terminal-svg.js';

export { scriptUnavailable };

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const REPORT_COLUMNS = 100;
export const REPORT_COMMAND = ['analyze', 'samples/waste.docker.tar'];
export const SVG_PATH = 'docs/images/analyze-waste.svg';
export const REPORT_BEGIN = '<!-- report:begin (npm run readme writes this block) -->';
export const REPORT_END = '<!-- report:end -->';
/** The README shows the report down to the findings; the base image and the Dockerfile follow it. */
const LAST_LINE = '  tsimage rules ID explains a rule.';

/** The part of the sample report the README shows, with its colour codes. */
export function sampleReport(): string {
  const lines = runInTerminal(REPORT_COMMAND, REPORT_COLUMNS).out.split('\n');
  const end = lines.findIndex((l) => l.replace(/\x1b\[[0-9;]*m/g, '') === LAST_LINE);
  if (end < 0) throw new Error(`the report has no line ${JSON.stringify(LAST_LINE)}`);
  return lines.slice(0, end + 1).join('\n') + '\n';
}

export const plain = (text: string) => text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');

export function reportSvg(report: string): string {
  return renderTerminalSvg(report, { columns: REPORT_COLUMNS, title: `tsimage ${REPORT_COMMAND.join(' ')}` });
}

/** The README's block between the markers: a `$ command` line, then the report. */
export function readmeBlock(report: string): string {
  return ['```console', `$ npx tsimage ${REPORT_COMMAND.join(' ')}`, plain(report).trimEnd(), '…', '```'].join('\n');
}

export function readmeReportSection(readme: string): string | undefined {
  const begin = readme.indexOf(REPORT_BEGIN);
  const end = readme.indexOf(REPORT_END);
  return begin < 0 || end < begin ? undefined : readme.slice(begin + REPORT_BEGIN.length, end).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = scriptUnavailable();
  if (reason) { console.error(`readme: ${reason}`); process.exit(2); }
  const report = sampleReport();
  writeFileSync(`${repoRoot}${SVG_PATH}`, reportSvg(report));
  const readmePath = `${repoRoot}README.md`;
  const readme = readFileSync(readmePath, 'utf8');
  if (readmeReportSection(readme) === undefined) { console.error('readme: README.md has no report markers'); process.exit(2); }
  const begin = readme.indexOf(REPORT_BEGIN) + REPORT_BEGIN.length;
  writeFileSync(readmePath, readme.slice(0, begin) + '\n' + readmeBlock(report) + '\n' + readme.slice(readme.indexOf(REPORT_END)));
  console.error(`readme: wrote ${SVG_PATH} and the README's report block (${report.split('\n').length - 1} lines)`);
}
