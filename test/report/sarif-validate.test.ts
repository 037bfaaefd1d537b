/**
 * The SARIF output checked three ways: the SARIF 2.1.0 JSON schema and GitHub code scanning's upload rules
 * (sarif-checks.ts, default install), and, where it is installed, Microsoft's SARIF Multitool (npm
 * `@microsoft/sarif-multitool`, installed on demand by .ci/run, not by `npm install`):
 * `validate --rule-kind "Gh;Sarif"` runs the schema, the SARIF rules and GitHub's ingestion rules (GH1001...).
 * The bar is zero errors and zero warnings, on each sample's log and on one that carries every built-in rule.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import { lintDockerfiles } from '../../src/lint/lint-dockerfile.js';
import type { Finding } from '../../src/lint/types.js';
import type { RuleInfo } from '../../src/report/findings.js';
import { renderSarif } from '../../src/report/sarif.js';
import { repoRoot, tempDir } from '../helpers.js';
import { lintedReport, ruleInfos, sampleReport } from './fixture-report.js';
import { codeScanningProblems, schemaProblems, schemaUnavailable } from './sarif-checks.js';

const multitool = `${repoRoot}node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool`;

function multitoolUnavailable(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `the Multitool package ships a linux-x64 binary; this is ${process.platform}-${process.arch}`;
  if (!existsSync(multitool)) return 'the SARIF Multitool is not installed (not a default dependency: npm install --no-save @microsoft/sarif-multitool, as .ci/run does)';
  try {
    accessSync(multitool, constants.X_OK);
  } catch {
    // npm does not run the package's postinstall, which would set the bit.
    chmodSync(multitool, 0o755);
  }
  return undefined;
}

const noMultitool = multitoolUnavailable();
if (noMultitool) console.log(`# skipping the SARIF Multitool checks: ${noMultitool}`);
const noSchema = schemaUnavailable();
if (noSchema) console.log(`# skipping the SARIF schema checks: ${noSchema}`);
const work = tempDir('tsimage-i5-sarif-');

interface Problem { ruleId: string; level: string; text: string }

/** Runs the Multitool on one SARIF text; returns every result at error or warning level. */
async function validate(name: string, sarif: string): Promise<Problem[]> {
  const input = join(work, `${name}.sarif`);
  const output = join(work, `${name}.validation.sarif`);
  writeFileSync(input, sarif);
  rmSync(output, { force: true });
  await new Promise<void>((resolve, reject) => {
    execFile(multitool, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '--output', output, input],
      { timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
      (error, stdout, stderr) => (error && !existsSync(output) ? reject(new Error(`Multitool failed: ${error.message}\n${stdout}${stderr}`)) : resolve()));
  });
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[] };
  return log.runs.flatMap((run) => run.results ?? []).map((r) => ({
    ruleId: r.ruleId,
    level: r.level ?? 'warning',
    text: r.message.text ?? (r.message.arguments ?? []).join(' | '),
  }));
}

/** A report whose findings stress the output: no layer, no location, characters URIs and JSON must escape. */
async function hostileReport(): Promise<AnalysisReport> {
  const report = await lintedReport(`${repoRoot}samples/waste.docker.tar`);
  return {
    ...report,
    findings: [
      ...(report.findings ?? []),
      { ruleId: 'made-up-rule', severity: 'error', category: 'security', message: 'a "quoted" <tag> & 100% | pipe\nsecond line', paths: ['srv/app/with space#hash.txt'], layerIndex: 0 },
      { ruleId: 'image-wide', severity: 'info', category: 'hygiene', message: 'no layer, no path', paths: [] },
      { ruleId: 'made-up-rule', severity: 'warning', category: 'security', message: 'mapped to a Dockerfile with a space', paths: ['x'], file: 'docker files/Dockerfile.prod', line: 3, endLine: 5 },
    ],
  };
}

/** Every built-in rule, image and Dockerfile rules alike, as the CLI lists them in driver.rules. */
async function everyRuleInfo(): Promise<RuleInfo[]> {
  return (await loadBuiltinRules()).map(({ id, category, severity, description, docs }) => ({ id, category, severity, description, docs }));
}

/** The waste sample's report with one finding of every built-in rule, so the log describes and cites each. */
async function everyRuleReport(): Promise<AnalysisReport> {
  const report = await sampleReport('waste.docker.tar');
  const findings: Finding[] = (await everyRuleInfo()).map((rule, i) => ({
    ruleId: rule.id, severity: rule.severity, category: rule.category, message: `a finding of ${rule.id}`,
    paths: [`srv/app/file-${i}`], layerIndex: i % report.layers.length,
    ...(i % 2 ? { file: 'samples/dockerfiles/waste.Dockerfile', line: 1 + (i % 20) } : {}),
  }));
  return { ...report, findings };
}

/** `tsimage lint` findings of Dockerfiles that every fix applies to: results with fixes[] (safe and unsafe). */
async function fixesReport(): Promise<AnalysisReport> {
  const files = ['test/fixtures/lint/bad.Dockerfile', 'test/fixtures/fix/busybox.Dockerfile', 'test/golden/dockerfile/waste.Dockerfile'];
  const { findings } = await lintDockerfiles(files.map((file) => ({ file, text: readFileSync(join(repoRoot, file), 'utf8') })));
  const fixed = findings.filter((f) => f.autofix);
  assert.ok(fixed.some((f) => f.autofix!.safety === 'safe') && fixed.some((f) => f.autofix!.safety === 'unsafe') && new Set(fixed.map((f) => f.ruleId)).size >= 6, fixed.map((f) => f.ruleId).join(', '));
  return { ...(await sampleReport('good.docker.tar')), findings };
}

const cases: { name: string; report: () => Promise<AnalysisReport>; imageUri?: string; rules?: () => Promise<RuleInfo[]> }[] = [
  { name: 'waste, image locations', report: () => sampleReport('waste.docker.tar'), imageUri: 'samples/waste.docker.tar' },
  { name: 'waste, Dockerfile locations', report: () => sampleReport('waste.docker.tar', { dockerfile: 'samples/dockerfiles/waste.Dockerfile' }), imageUri: 'samples/waste.docker.tar' },
  { name: 'good, no findings', report: () => sampleReport('good.docker.tar'), imageUri: 'samples/good.docker.tar' },
  { name: 'hostile text, absolute image path', report: hostileReport, imageUri: `${repoRoot}samples/waste.docker.tar` },
  { name: 'hostile text, image name as location', report: hostileReport, imageUri: 'tsimage-sample/waste:1' },
  { name: 'image name without a slash as location', report: hostileReport, imageUri: 'busybox:1.36' },
  { name: 'Dockerfile findings with fixes[]', report: fixesReport, imageUri: 'samples/good.docker.tar' },
  { name: 'every built-in rule (image and Dockerfile rules), each with a finding', report: everyRuleReport, imageUri: 'samples/waste.docker.tar', rules: everyRuleInfo },
];

async function sarifOf(c: (typeof cases)[number]): Promise<{ text: string; report: AnalysisReport }> {
  const report = await c.report();
  return { report, text: renderSarif(report, { rules: await (c.rules ?? ruleInfos)(), imageUri: c.imageUri, toolVersion: '0.1.0' }) };
}

const describeProblems = (problems: { rule?: string; ruleId?: string; level?: string; where?: string; text: string }[]) =>
  problems.map((p) => `${p.level ?? ''} ${p.rule ?? p.ruleId} ${p.where ?? ''}: ${p.text}`).join('\n');

test('the every-rule log names every built-in rule, Dockerfile-only ones (pipefail) included, and none with name = id', async () => {
  const { text } = await sarifOf(cases[cases.length - 1]);
  const rules = (JSON.parse(text) as { runs: { tool: { driver: { rules: { id: string; name?: string }[] } } }[] }).runs[0].tool.driver.rules;
  const all = await everyRuleInfo();
  assert.deepEqual(rules.map((r) => r.id), all.map((r) => r.id).sort());
  assert.ok(rules.some((r) => r.id === 'pipefail'), 'pipefail is a built-in rule');
  assert.equal(rules.find((r) => r.id === 'pipefail')!.name, undefined, 'SARIF1001: its PascalCase name would repeat the id');
  assert.equal(rules.find((r) => r.id === 'deleted-in-later-layer')!.name, 'DeletedInLaterLayer');
});

for (const [i, c] of cases.entries()) {
  test(`SARIF 2.1.0 schema and GitHub code scanning rules find no problem: ${c.name}`, { skip: noSchema }, async () => {
    const { text, report } = await sarifOf(c);
    const log = JSON.parse(text);
    const problems = [...schemaProblems(log), ...codeScanningProblems(log)];
    assert.deepEqual(problems, [], describeProblems(problems));
    assert.equal(log.runs[0].results.length, (report.findings ?? []).length);
  });

  test(`SARIF Multitool (Gh;Sarif) finds no error or warning: ${c.name}`, { skip: noMultitool }, async () => {
    const { text, report } = await sarifOf(c);
    const problems = await validate(`case${i}`, text);
    assert.deepEqual(problems, [], describeProblems(problems));
    // The run carries results, so the Multitool had something to check.
    const results = (JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0].results;
    assert.equal(results.length, (report.findings ?? []).length);
  });
}

/** A log broken the ways the checks are there for: no message, a repeated tag, a name equal to the id, no region. */
async function brokenLog(): Promise<Record<string, any>> {
  const sarif = JSON.parse(renderSarif(await sampleReport('waste.docker.tar'), { rules: await ruleInfos() }));
  delete sarif.runs[0].results[0].message;
  sarif.runs[0].tool.driver.rules[0].properties.tags = ['bloat', 'bloat'];
  sarif.runs[0].tool.driver.rules[1].name = sarif.runs[0].tool.driver.rules[1].id.toUpperCase();
  delete sarif.runs[0].results[1].locations[0].physicalLocation.region;
  sarif.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = 'https://example.com/x';
  return sarif;
}

test('the schema and code scanning checks do flag a broken log (the check can fail)', { skip: noSchema }, async () => {
  const log = await brokenLog();
  assert.ok(schemaProblems(log).some((p) => /required|message/.test(p.text)), describeProblems(schemaProblems(log)));
  assert.deepEqual([...new Set(codeScanningProblems(log).map((p) => p.rule))].sort(), ['GH1003', 'GH1005', 'GH1007', 'SARIF1001', 'tags']);
});

test('the Multitool does flag a broken log (the check can fail)', { skip: noMultitool }, async () => {
  const problems = await validate('broken', JSON.stringify(await brokenLog()));
  assert.ok(problems.some((p) => p.level === 'error'), JSON.stringify(problems));
  // A log the schema accepts runs the rules too: a name equal to the id (as pipefail's was) is SARIF1001.
  const sarif = JSON.parse(renderSarif(await sampleReport('waste.docker.tar'), { rules: await ruleInfos(), toolVersion: '0.1.0' }));
  sarif.runs[0].tool.driver.rules[0].name = sarif.runs[0].tool.driver.rules[0].id.toUpperCase();
  const named = await validate('name-equals-id', JSON.stringify(sarif));
  assert.deepEqual(named.map((p) => p.ruleId), ['SARIF1001'], JSON.stringify(named));
});
