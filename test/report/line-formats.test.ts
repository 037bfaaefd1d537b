/**
 * JUnit, Checkstyle and GitLab Code Quality with text from the image that would break them: quotes, angle
 * brackets, ampersands, control characters, newlines. Their shapes are in the golden files; these check
 * that no finding text can escape its field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import type { Finding } from '../../src/lint/types.js';
import { renderCheckstyle } from '../../src/report/checkstyle.js';
import { renderGitlab } from '../../src/report/gitlab.js';
import { renderJunit } from '../../src/report/junit.js';
import { ruleInfos, sampleReport } from './fixture-report.js';
import { runCli, sample } from '../helpers.js';

const HOSTILE = 'a "quoted" <tag attr=\'x\'> & 100%\u0007 bell\r\nsecond line ]]> end';

async function hostileReport(): Promise<AnalysisReport> {
  const report = await sampleReport('waste.docker.tar');
  const findings: Finding[] = [
    { ruleId: 'hostile-rule', severity: 'error', category: 'security', message: HOSTILE, paths: ['srv/<x>&"y"'], layerIndex: 2, fix: 'RUN echo "<&>"' },
    { ruleId: 'hostile-rule', severity: 'warning', category: 'security', message: 'mapped', paths: ['z'], file: 'docker/Dockerfile "prod"', line: 7, endLine: 9 },
  ];
  return { ...report, findings };
}

/** Well-formed for our purposes: outside tags no raw `<`/`&` except entities; attribute values are closed. */
function assertXmlSafe(xml: string): void {
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml), 'no control characters XML 1.0 forbids');
  for (const entity of xml.matchAll(/&[^;\s]*;?/g)) assert.match(entity[0], /^&(?:amp|lt|gt|quot|apos|#\d+);$/, `bare ampersand: ${entity[0]}`);
  for (const tag of xml.matchAll(/<[^>]*>/g)) {
    // Inside a tag: name, then name="value" pairs with no raw quote or < inside the value.
    assert.match(tag[0], /^<(?:\?xml[^>]*\?|\/?[A-Za-z][\w.-]*(?:\s+[\w.-]+="[^"<]*")*\s*\/?)>$/, tag[0]);
  }
  // Every element opened is closed, in order.
  const stack: string[] = [];
  for (const tag of xml.matchAll(/<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>/g)) {
    if (tag[3]) continue;
    if (tag[1]) assert.equal(stack.pop(), tag[2]);
    else stack.push(tag[2]);
  }
  assert.deepEqual(stack, []);
}

test('JUnit: one testcase per rule, a failure per rule with findings, hostile text escaped', async () => {
  const xml = renderJunit(await hostileReport(), { rules: await ruleInfos() });
  assertXmlSafe(xml);
  const rules = await ruleInfos();
  const cases = [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(cases, [...rules.map((r) => r.id), 'hostile-rule'].sort());
  assert.equal([...xml.matchAll(/<failure /g)].length, 1);
  assert.match(xml, /tests="\d+" failures="1"/);
  assert.ok(xml.includes('at docker/Dockerfile &quot;prod&quot;:7'));
});

/** testcase name → 'failed' with the failure's type, 'passed' with the severities in system-out, or 'clean'. */
function junitCases(xml: string): Map<string, string> {
  const cases = new Map<string, string>();
  for (const m of xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)"(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[3] ?? '';
    const failure = /<failure type="(\w+)"/.exec(body)?.[1];
    const out = /<system-out>([\s\S]*?)<\/system-out>/.exec(body)?.[1];
    const logged = out ? [...new Set([...out.matchAll(/^(error|warning|info): /gm)].map((s) => s[1]))].join('+') : '';
    cases.set(m[1], failure ? `failed ${failure}${logged ? ` out ${logged}` : ''}` : logged ? `passed out ${logged}` : 'clean');
  }
  return cases;
}

test('JUnit: only findings at or above --fail-on fail a testcase; the others are a passed case with the findings in system-out', async () => {
  const report = await sampleReport('waste.docker.tar');
  const findings: Finding[] = [
    { ruleId: 'mixed-rule', severity: 'warning', category: 'bloat', message: 'a warning', paths: ['a'], layerIndex: 2 },
    { ruleId: 'mixed-rule', severity: 'info', category: 'bloat', message: 'an info', paths: ['b'], layerIndex: 2 },
    { ruleId: 'info-rule', severity: 'info', category: 'hygiene', message: 'only info', paths: [] },
    { ruleId: 'error-rule', severity: 'error', category: 'security', message: 'an error', paths: ['c'], layerIndex: 1 },
  ];
  const render = (failOn?: 'error' | 'warning' | 'info' | 'none') => renderJunit({ ...report, findings }, failOn ? { failOn } : {});
  const expect = (failOn: Parameters<typeof render>[0], failures: number, cases: Record<string, string>) => {
    const xml = render(failOn);
    assertXmlSafe(xml);
    assert.deepEqual(Object.fromEntries(junitCases(xml)), cases, `--fail-on ${failOn ?? '(default)'}`);
    assert.match(xml, new RegExp(`<testsuites name="tsimage" tests="3" failures="${failures}" errors="0">`));
  };
  expect(undefined, 1, { 'error-rule': 'failed error', 'info-rule': 'passed out info', 'mixed-rule': 'passed out warning+info' });
  expect('error', 1, { 'error-rule': 'failed error', 'info-rule': 'passed out info', 'mixed-rule': 'passed out warning+info' });
  expect('warning', 2, { 'error-rule': 'failed error', 'info-rule': 'passed out info', 'mixed-rule': 'failed warning out info' });
  expect('info', 3, { 'error-rule': 'failed error', 'info-rule': 'failed info', 'mixed-rule': 'failed warning' });
  expect('none', 0, { 'error-rule': 'passed out error', 'info-rule': 'passed out info', 'mixed-rule': 'passed out warning+info' });
  assert.match(render('warning'), /<failure type="warning" message="a warning">warning: a warning\n {2}at layer 2[^<]*<\/failure>\n {6}<system-out>info: an info\n/);
});

test('CLI: analyze --format junit fails only the rules at or above --fail-on', async () => {
  const byDefault = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'junit']);
  const strict = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'junit', '--fail-on', 'info']);
  const failed = (xml: string) => [...junitCases(xml)].filter(([, v]) => v.startsWith('failed')).map(([k]) => k);
  const logged = (xml: string) => [...junitCases(xml)].filter(([, v]) => v.startsWith('passed')).map(([k]) => k);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.deepEqual(failed(byDefault.stdout), [], 'waste has no error finding: nothing fails at the default --fail-on error');
  assert.ok(logged(byDefault.stdout).length > 0, 'its warnings and infos are passed cases with system-out');
  assert.equal(strict.code, 1);
  assert.deepEqual(failed(strict.stdout).sort(), logged(byDefault.stdout).sort(), '--fail-on info fails every rule that has a finding');
});

test('Checkstyle: findings grouped by file, image findings at line 1 of the archive, hostile text escaped', async () => {
  const xml = renderCheckstyle(await hostileReport(), { imageUri: 'samples/waste.docker.tar' });
  assertXmlSafe(xml);
  assert.match(xml, /<file name="docker\/Dockerfile &quot;prod&quot;">\n {4}<error line="7" column="1" severity="warning"/);
  assert.match(xml, /<file name="samples\/waste\.docker\.tar">\n {4}<error line="1" column="1" severity="error" message="A &quot;quoted&quot; &lt;tag/);
});

test('GitLab Code Quality: the fields GitLab requires, valid severities, line numbers from 1', async () => {
  const text = renderGitlab(await hostileReport(), { imageUri: 'samples/waste.docker.tar' });
  assert.ok(!text.startsWith('\uFEFF'), 'no BOM: GitLab rejects it');
  const issues = JSON.parse(text) as { type: string; description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number; end?: number } } }[];
  assert.equal(issues.length, 2);
  for (const issue of issues) {
    assert.equal(issue.type, 'issue');
    assert.ok(issue.description && issue.check_name);
    assert.match(issue.fingerprint, /^[0-9a-f]{64}(:\d+)?$/);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
    assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
  }
  assert.deepEqual(issues.map((i) => [i.location.path, i.location.lines.begin, i.severity]), [
    ['samples/waste.docker.tar', 1, 'blocker'],
    ['docker/Dockerfile "prod"', 7, 'major'],
  ]);
  assert.equal(issues[1].location.lines.end, 9);
  assert.ok(issues[0].description.includes('second line'));
});
