/**
 * The SARIF output checked by Microsoft's SARIF Multitool (npm `@microsoft/sarif-multitool`):
 * `validate --rule-kind "Gh;Sarif"` runs the SARIF 2.1.0 schema, the SARIF rules and GitHub's ingestion
 * rules (GH1001..., which code scanning applies on upload). The bar is zero errors and zero warnings.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import { renderSarif } from '../../src/report/sarif.js';
import { repoRoot, tempDir } from '../helpers.js';
import { lintedReport, ruleInfos, sampleReport } from './fixture-report.js';

const multitool = `${repoRoot}node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool`;

function multitoolUnavailable(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `the Multitool package ships a linux-x64 binary; this is ${process.platform}-${process.arch}`;
  if (!existsSync(multitool)) return `${multitool} is missing (npm install the devDependencies)`;
  try {
    accessSync(multitool, constants.X_OK);
  } catch {
    // npm does not run the package's postinstall, which would set the bit.
    chmodSync(multitool, 0o755);
  }
  return undefined;
}

const skip = multitoolUnavailable();
const work = tempDir('tsimage-i5-sarif-');
after(() => rmSync(work, { recursive: true, force: true }));

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

const cases: { name: string; report: () => Promise<AnalysisReport>; imageUri?: string }[] = [
  { name: 'waste, image locations', report: () => sampleReport('waste.docker.tar'), imageUri: 'samples/waste.docker.tar' },
  { name: 'waste, Dockerfile locations', report: () => sampleReport('waste.docker.tar', { dockerfile: 'samples/dockerfiles/waste.Dockerfile' }), imageUri: 'samples/waste.docker.tar' },
  { name: 'good, no findings', report: () => sampleReport('good.docker.tar'), imageUri: 'samples/good.docker.tar' },
  { name: 'hostile text, absolute image path', report: hostileReport, imageUri: `${repoRoot}samples/waste.docker.tar` },
  { name: 'hostile text, image name as location', report: hostileReport, imageUri: 'tsimage-sample/waste:1' },
  { name: 'image name without a slash as location', report: hostileReport, imageUri: 'busybox:1.36' },
];

for (const [i, c] of cases.entries()) {
  test(`SARIF Multitool (Gh;Sarif) finds no error or warning: ${c.name}`, { skip }, async () => {
    const report = await c.report();
    const sarif = renderSarif(report, { rules: await ruleInfos(), imageUri: c.imageUri, toolVersion: '0.1.0' });
    const problems = await validate(`case${i}`, sarif);
    assert.deepEqual(problems, [], problems.map((p) => `${p.level} ${p.ruleId}: ${p.text}`).join('\n'));
    // The run carries results, so the Multitool had something to check.
    const results = (JSON.parse(sarif) as { runs: { results: unknown[] }[] }).runs[0].results;
    assert.equal(results.length, (report.findings ?? []).length);
  });
}

test('the Multitool does flag a broken log (the check can fail)', { skip }, async () => {
  const sarif = JSON.parse(renderSarif(await sampleReport('waste.docker.tar'), { rules: await ruleInfos() }));
  delete sarif.runs[0].results[0].message;
  sarif.runs[0].tool.driver.rules[0].properties.tags = ['bloat', 'bloat'];
  const problems = await validate('broken', JSON.stringify(sarif));
  assert.ok(problems.some((p) => p.level === 'error'), JSON.stringify(problems));
});
