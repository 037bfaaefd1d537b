/**
 * GitHub workflow commands: escaping as @actions/core does it, annotations pointed at Dockerfile lines,
 * and GitHub's cap of 10 error and 10 warning annotations per step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import type { Finding, Severity } from '../../src/lint/types.js';
import { ANNOTATIONS_PER_KIND, escapeData, escapeProperty, renderGithub, workflowCommand } from '../../src/report/github.js';
import { sampleReport } from './fixture-report.js';

test('escapes data and properties exactly as @actions/core does', () => {
  // @actions/core command.ts: escapeData replaces % \r \n; escapeProperty also : and ,
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  assert.equal(
    workflowCommand('error', { file: 'docker/Dockerfile,prod', line: 12, title: 'apt-lists-left' }, 'left 5 MB: fix it'),
    '::error file=docker/Dockerfile%2Cprod,line=12,title=apt-lists-left::left 5 MB: fix it',
  );
  // Empty properties are left out, and no property means no space.
  assert.equal(workflowCommand('notice', { file: undefined, line: '' }, 'x'), '::notice::x');
});

test('a mapped finding is an annotation on its Dockerfile line; multi-line instructions get endLine', async () => {
  const report = await sampleReport('waste.docker.tar', { dockerfile: 'samples/dockerfiles/waste.Dockerfile' });
  const lines = renderGithub(report).split('\n');
  assert.match(lines[0], /^::warning file=samples\/dockerfiles\/waste\.Dockerfile,line=12,title=deleted-in-later-layer::300 kB in 1 file .*Saves 300 kB\./);
  assert.ok(lines.some((l) => l.startsWith('::warning file=samples/dockerfiles/waste.Dockerfile,line=18,endLine=22,title=deleted-in-later-layer::')));
  // Every command is one line: nothing from a message can start a new command.
  for (const line of lines.filter((l) => l.startsWith('::'))) assert.ok(!line.includes('\n'));
});

test('without --dockerfile the annotation points at the image archive, line 1, and names the layer and path', async () => {
  const report = await sampleReport('waste.docker.tar');
  const first = renderGithub(report, { imageUri: 'samples/waste.docker.tar' }).split('\n')[0];
  assert.match(first, /^::warning file=samples\/waste\.docker\.tar,line=1,title=deleted-in-later-layer::.* In the image: layer 2 \(sha256:[0-9a-f]{12}\) \/srv\/app\/big\.bin\./);
});

function finding(severity: Severity, bytes: number): Finding {
  return { ruleId: `${severity}-rule`, severity, category: 'bloat', message: `${severity} ${bytes}`, paths: [`p${bytes}`], bytes, file: 'Dockerfile', line: 3 };
}

test(`at most ${ANNOTATIONS_PER_KIND} errors and ${ANNOTATIONS_PER_KIND} warnings, most costly first, and a notice saying how many more`, async () => {
  const base = await sampleReport('good.docker.tar');
  const findings = [
    ...Array.from({ length: 25 }, (_, i) => finding('error', 1000 + i)),
    ...Array.from({ length: 14 }, (_, i) => finding('warning', 5000 + i)),
    ...Array.from({ length: 3 }, (_, i) => finding('info', 10 + i)),
  ];
  const report: AnalysisReport = { ...base, findings };
  const lines = renderGithub(report).split('\n');
  const errors = lines.filter((l) => l.startsWith('::error '));
  const warnings = lines.filter((l) => l.startsWith('::warning '));
  const notices = lines.filter((l) => l.startsWith('::notice '));
  assert.equal(errors.length, 10);
  assert.equal(warnings.length, 10);
  // The 10 costliest errors: bytes 1024 down to 1015.
  assert.deepEqual(errors.map((l) => Number(/::Error (\d+)\./.exec(l)?.[1])), Array.from({ length: 10 }, (_, i) => 1024 - i));
  assert.deepEqual(warnings.map((l) => Number(/::Warning (\d+)\./.exec(l)?.[1])), Array.from({ length: 10 }, (_, i) => 5013 - i));
  assert.equal(notices.length, 4, 'three info findings and the "more" notice');
  assert.equal(notices.at(-1), '::notice title=tsimage::19 more findings not annotated (15 error, 4 warning): GitHub shows at most 10 errors and 10 warnings per step. See the step log or the SARIF report.');
  // Every finding is still listed in the folded log group.
  const group = lines.slice(lines.findIndex((l) => l.startsWith('::group::')) + 1, lines.indexOf('::endgroup::'));
  assert.equal(group.length, findings.length);
});

test('no "more" notice when everything fits, and no output at all without findings', async () => {
  const base = await sampleReport('good.docker.tar');
  const fits = renderGithub({ ...base, findings: Array.from({ length: 10 }, (_, i) => finding('info', i + 1)) });
  assert.equal(fits.split('\n').filter((l) => l.startsWith('::notice ')).length, 10);
  assert.ok(!fits.includes('more finding'));
  assert.equal(renderGithub(base), '');
});
