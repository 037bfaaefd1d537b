/**
 * The Markdown report as GitHub shows it: rendered to HTML with `marked` (GFM tables, HTML blocks) and
 * checked for what a reader sees, plus the size caps of a PR comment and a job summary.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Marked } from 'marked';
import type { AnalysisReport } from '../../src/analysis/report.js';
import type { Finding } from '../../src/lint/types.js';
import { bySeverity, countBySeverity, formatCounts } from '../../src/report/findings.js';
import { MARKDOWN_MARKER, PR_COMMENT_LIMIT, renderMarkdown, STEP_SUMMARY_LIMIT } from '../../src/report/markdown.js';
import { sampleReport } from './fixture-report.js';

const marked = new Marked({ gfm: true });
const toHtml = (markdown: string) => marked.parse(markdown, { async: false }) as string;

/** Rows of the first table whose header starts with `firstHeader`, as arrays of cell HTML. */
function tableRows(html: string, firstHeader: string): string[][] {
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1]);
  const table = tables.find((t) => new RegExp(`<th[^>]*>${firstHeader}</th>`).test(t));
  assert.ok(table, `no table headed ${firstHeader}`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}

const visibleText = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, '');

test('the Markdown report renders to a verdict heading, a findings table, a layers table and a folded Dockerfile', async () => {
  const report = await sampleReport('waste.docker.tar', { dockerfile: 'samples/dockerfiles/waste.Dockerfile' });
  const markdown = renderMarkdown(report);
  const html = toHtml(markdown);
  // The marker is an HTML comment: an action finds it, a reader never sees it.
  assert.ok(markdown.startsWith(MARKDOWN_MARKER + '\n'));
  assert.ok(html.includes(MARKDOWN_MARKER));
  assert.ok(!visibleText(html).includes('tsimage-report'));
  const findings = [...(report.findings as Finding[])].sort(bySeverity);
  const verdict = findings.some((f) => f.severity === 'error') ? '❌ tsimage: fail' : '✅ tsimage: pass';
  assert.ok(html.includes(`<h3>${verdict} — `), 'verdict heading');
  assert.ok(html.includes(`<h4>Findings (${formatCounts(countBySeverity(findings))})</h4>`));
  assert.match(visibleText(html), /Size 2\.65 MB in 12 layers .* Efficiency 82\.53 % · Wasted 462 kB/);

  const rows = tableRows(html, 'Severity');
  assert.equal(rows.length, findings.length);
  for (const row of rows) assert.equal(row.length, 5, row.join(' | '));
  // The 300 kB file deleted later: its RUN line, and the bytes it saves.
  const big = rows.find((r) => r[3] === '300 kB');
  assert.deepEqual(big?.slice(0, 3), ['🟠 warning', '<code>deleted-in-later-layer</code>', '<code>samples/dockerfiles/waste.Dockerfile:12</code>']);
  // A fix that is a Dockerfile line is code; advice in words is text.
  for (const [i, f] of findings.entries()) {
    if (!f.fix) continue;
    assert.equal(rows[i][4].startsWith('<code>'), /^[A-Z]+ /.test(f.fix), `${f.ruleId}: ${rows[i][4]}`);
  }
  assert.ok(findings.some((f) => f.fix && !/^[A-Z]+ /.test(f.fix)), 'the sample has advice in words too');

  const layers = tableRows(html, 'Layer');
  assert.ok(layers.length >= 3 && layers.length <= 5);
  assert.equal(layers[0][0], '0');

  const details = /<details><summary>([^<]*)<\/summary>([\s\S]*?)<\/details>/.exec(html);
  assert.ok(details, 'a <details> block');
  assert.equal(details[1], 'Reconstructed Dockerfile');
  assert.match(details[2], /<pre><code class="language-dockerfile">[\s\S]*RUN head -c 300000 \/dev\/urandom &gt; \/srv\/app\/big.bin/);
});

test('the folded Dockerfile is the reconstruction when the report carries one', async () => {
  const report: AnalysisReport = { ...await sampleReport('good.docker.tar'), dockerfile: 'FROM debian:12 AS base\nRUN echo "```" | tee /x\n' };
  const html = toHtml(renderMarkdown(report));
  const details = /<details><summary>([^<]*)<\/summary>([\s\S]*?)<\/details>/.exec(html)!;
  assert.equal(details[1], 'Reconstructed Dockerfile');
  // A fence inside the Dockerfile does not end the code block.
  assert.match(details[2], /<pre><code class="language-dockerfile">FROM debian:12 AS base\nRUN echo &quot;```&quot; \| tee \/x\n<\/code><\/pre>/);
});

test('text from the image cannot break the table or inject HTML', async () => {
  const base = await sampleReport('good.docker.tar');
  const findings: Finding[] = [
    { ruleId: 'r1', severity: 'error', category: 'security', message: 'pipe | in <b>message</b> and `tick`', paths: ['a|b'], layerIndex: 1 },
    { ruleId: 'r2', severity: 'warning', category: 'bloat', message: 'm', paths: ['x'], fix: 'RUN echo "a | b" && echo `x`', bytes: 1234 },
  ];
  const html = toHtml(renderMarkdown({ ...base, image: { ...base.image, name: 'evil<script>alert(1)</script>/img:1' }, findings }));
  assert.ok(!html.includes('<script>'), 'no raw HTML from the image name');
  assert.ok(!html.includes('<b>message</b>'));
  const rows = tableRows(html, 'Severity');
  assert.equal(rows.length, 2);
  for (const row of rows) assert.equal(row.length, 5, row.join(' | '));
  assert.match(rows[0][2], /a\|b/);
  assert.match(rows[1][4], /^<code>RUN echo &quot;a \| b&quot; &amp;&amp; echo `x`<\/code>$/);
  assert.match(html, /<h3>❌ tsimage: fail — 1 finding at or above error/);
});

function manyFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    ruleId: `rule-${i % 7}`, severity: i % 3 === 0 ? 'error' : 'warning', category: 'bloat',
    message: `finding ${i}: ` + 'lorem ipsum dolor sit amet '.repeat(8), paths: [`srv/app/file-${i}.bin`], layerIndex: 1,
    bytes: 1_000_000 - i, fix: 'remove the file in the same RUN that writes it, or build it in another stage',
  }) satisfies Finding);
}

test(`a huge report is cut to GitHub's PR comment limit (${PR_COMMENT_LIMIT} characters) with a note, never an error`, async () => {
  const base = await sampleReport('waste.docker.tar');
  const report: AnalysisReport = { ...base, findings: manyFindings(3000), dockerfile: 'RUN echo x\n'.repeat(50_000) };
  const markdown = renderMarkdown(report);
  assert.ok(markdown.length <= PR_COMMENT_LIMIT && Buffer.byteLength(markdown) <= PR_COMMENT_LIMIT, `${markdown.length} characters`);
  assert.ok(markdown.startsWith(MARKDOWN_MARKER));
  assert.match(markdown, /^### ❌ tsimage: fail — 1000 findings at or above error/m);
  assert.match(markdown, /_\d+ more findings not shown \(size limit\); see the SARIF or JSON report\._/);
  const html = toHtml(markdown);
  const rows = tableRows(html, 'Severity');
  assert.ok(rows.length > 0 && rows.length < 3000);
  // Most severe first, and the rows kept are whole rows.
  assert.ok(rows.every((r) => r.length === 5));
  assert.equal(rows[0][0], '🔴 error');
  assert.match(html, /<\/details>/, 'the <details> block is closed');
});

test('as a job summary the cap is 1 MiB', async () => {
  const base = await sampleReport('waste.docker.tar');
  const report: AnalysisReport = { ...base, findings: manyFindings(20_000) };
  const summary = renderMarkdown(report, { maxBytes: STEP_SUMMARY_LIMIT });
  assert.ok(Buffer.byteLength(summary) <= STEP_SUMMARY_LIMIT);
  assert.ok(Buffer.byteLength(summary) > PR_COMMENT_LIMIT, 'uses the larger budget');
  assert.match(summary, /more findings not shown \(size limit\)/);
  // A small report is never cut.
  const small = renderMarkdown(await sampleReport('waste.docker.tar'), { maxBytes: STEP_SUMMARY_LIMIT });
  assert.ok(!small.includes('size limit'));
});

test('even an absurd size limit gives the marker, the verdict and a note', async () => {
  const markdown = renderMarkdown({ ...await sampleReport('waste.docker.tar'), findings: manyFindings(50) }, { maxBytes: 300 });
  assert.ok(Buffer.byteLength(markdown) <= 300);
  assert.ok(markdown.startsWith(MARKDOWN_MARKER));
  assert.match(markdown, /tsimage: fail/);
  assert.match(markdown, /truncated/);
});
