/**
 * Issue 16, a Dockerfile where every line is a finding (crafted on purpose): each rule lists at most
 * --max-findings-per-rule findings, then one summary standing for the rest; counts, JSON totals and the gate
 * stay exact, and the summary's count is the same whether the rule's findings were built or only counted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintDockerfiles } from '../../src/lint/lint-dockerfile.js';
import { countFindings } from '../../src/lint/finding-cap.js';
import type { Finding } from '../../src/lint/types.js';
import { runCli } from '../helpers.js';

const LINES = 250;
const EVERY_LINE_A_FINDING = 'FROM debian:12\n' + 'RUN apt-get install -y curl\n'.repeat(LINES);

const perRule = <F extends { ruleId: string }>(findings: F[], id: string): F[] => findings.filter((f) => f.ruleId === id);

test('past the cap a rule gives one summary finding with the exact count, in file order after the listed ones', async () => {
  const { findings } = await lintDockerfiles([{ file: 'Dockerfile', text: EVERY_LINE_A_FINDING }], { maxFindingsPerRule: 100 });
  for (const id of ['apt-no-install-recommends', 'pin-package-versions']) {
    const own = perRule(findings, id);
    assert.equal(own.length, 101);
    const summary = own.filter((f) => f.omitted !== undefined);
    assert.equal(summary.length, 1);
    assert.equal(summary[0].omitted, LINES - 100);
    assert.equal(countFindings(own), LINES);
    assert.match(summary[0].message, new RegExp(`^and ${LINES - 100} more ${id} findings \\(lines 102–${LINES + 1}\\)`));
  }
  const unlimited = await lintDockerfiles([{ file: 'Dockerfile', text: EVERY_LINE_A_FINDING }], { maxFindingsPerRule: 0 });
  assert.equal(perRule(unlimited.findings, 'pin-package-versions').length, LINES);
  assert.equal(unlimited.findings.some((f) => f.omitted !== undefined), false);
  assert.equal(countFindings(findings), countFindings(unlimited.findings));
});

test('with a baseline or an inline ignore the findings are built and matched one by one, and the count stays exact', async () => {
  const text = EVERY_LINE_A_FINDING.replace('RUN apt-get install -y curl\n', '# tsimage ignore=pin-package-versions\nRUN apt-get install -y curl\n');
  const { findings, suppressed } = await lintDockerfiles([{ file: 'Dockerfile', text }], { maxFindingsPerRule: 10 });
  assert.equal(suppressed.filter((s) => s.finding.ruleId === 'pin-package-versions').length, 1);
  assert.equal(countFindings(perRule(findings, 'pin-package-versions')), LINES - 1);
  assert.equal(perRule(findings, 'pin-package-versions').length, 11);
});

test('lint: the text report, JSON and the gate count every finding; --max-findings-per-rule 0 lists all', async () => {
  const text = await runCli(['lint', '-', '--fail-on', 'warning'], { input: EVERY_LINE_A_FINDING });
  assert.equal(text.code, 1);
  assert.match(text.stderr, new RegExp(`fail-on warning: ${2 * LINES + 1} findings at or above warning`));
  assert.match(text.stdout, new RegExp(`and ${LINES - 100} more pin-package-versions findings`));
  const json = await runCli(['lint', '-', '--format', 'json', '--max-findings-per-rule', '5'], { input: EVERY_LINE_A_FINDING });
  const report = JSON.parse(json.stdout) as { findings: Finding[] };
  assert.equal(perRule(report.findings, 'apt-no-install-recommends').length, 6);
  assert.equal(countFindings(perRule(report.findings, 'apt-no-install-recommends')), LINES);
  const all = await runCli(['lint', '-', '--format', 'json', '--max-findings-per-rule', '0'], { input: EVERY_LINE_A_FINDING });
  assert.equal(perRule((JSON.parse(all.stdout) as typeof report).findings, 'apt-no-install-recommends').length, LINES);
  const bad = await runCli(['lint', '-', '--max-findings-per-rule', '-1'], { input: EVERY_LINE_A_FINDING });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-findings-per-rule: expected a whole number/);
});
