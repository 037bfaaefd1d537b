/**
 * The report options of the built CLI: several `--format name=FILE` in one run, `--dockerfile`, and the
 * GitHub job summary. Whatever the rules find, every format must describe the same findings.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MARKDOWN_MARKER } from '../../src/report/markdown.js';
import { hasStackTrace, runCli, sample, tempDir } from '../helpers.js';

const work = tempDir('tsimage-i5-cli-');
after(() => rmSync(work, { recursive: true, force: true }));

interface SarifLog { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }

/** Until the rule engine is wired into analyze (issue 4), the CLI reports no findings. */
const NO_FINDINGS = 'analyze reports no findings on this branch (issue 4 wires the rules into analyze)';

test('one run writes SARIF, Markdown, JUnit, GitLab, Checkstyle and JSON files and annotations on stdout', async (t) => {
  const file = (ext: string) => join(work, `all.${ext}`);
  const { code, stdout, stderr } = await runCli([
    'analyze', 'samples/waste.docker.tar', '--dockerfile', 'samples/dockerfiles/waste.Dockerfile',
    '--format', `sarif=${file('sarif')}`, '--format', `markdown=${file('md')}`, '--format', `junit=${file('junit.xml')}`,
    '--format', `gitlab=${file('gitlab.json')}`, '--format', `checkstyle=${file('checkstyle.xml')}`, '--format', `json=${file('json')}`,
    '--format', 'github',
  ]);
  assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
  assert.ok(!hasStackTrace(stderr));
  const json = JSON.parse(readFileSync(file('json'), 'utf8')) as { findings?: { ruleId: string; severity: string; file?: string; line?: number }[] };
  const findings = json.findings ?? [];
  const sarif = JSON.parse(readFileSync(file('sarif'), 'utf8')) as SarifLog;
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].results.length, findings.length);
  // Mapped findings point at the Dockerfile (repository-relative); the rest at the archive, line 1.
  for (const r of sarif.runs[0].results) {
    const { uri } = r.locations[0].physicalLocation.artifactLocation;
    assert.ok(uri === 'samples/dockerfiles/waste.Dockerfile' || (uri === 'samples/waste.docker.tar' && r.locations[0].physicalLocation.region.startLine === 1), uri);
  }
  for (const f of findings.filter((f) => f.line)) assert.equal(f.file, 'samples/dockerfiles/waste.Dockerfile');
  assert.ok(readFileSync(file('md'), 'utf8').startsWith(MARKDOWN_MARKER + '\n'));
  assert.equal((JSON.parse(readFileSync(file('gitlab.json'), 'utf8')) as unknown[]).length, findings.length);
  assert.match(readFileSync(file('junit.xml'), 'utf8'), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="tsimage"/);
  assert.match(readFileSync(file('checkstyle.xml'), 'utf8'), /<checkstyle version="4.3">/);
  // GitHub's caps: 10 per kind, one notice slot kept for the "N more" line when something is left out.
  const per = (s: string) => findings.filter((f) => f.severity === s).length;
  const overflow = ['error', 'warning', 'info'].some((s) => per(s) > 10);
  const expected = Math.min(per('error'), 10) + Math.min(per('warning'), 10) + Math.min(per('info'), overflow ? 9 : 10) + (overflow ? 1 : 0);
  assert.equal(stdout.split('\n').filter((l) => /^::(error|warning|notice) /.test(l)).length, expected);
  if (findings.length === 0) t.diagnostic(NO_FINDINGS + ': the per-finding checks above ran on none');
});

test('the Markdown written to $GITHUB_STEP_SUMMARY is appended to what the step already wrote', async () => {
  const summary = join(work, 'step-summary.md');
  writeFileSync(summary, '# Build\n\nearlier output\n');
  const { code, stderr } = await runCli(['analyze', 'samples/good.docker.tar', '--format', `markdown=${summary}`], { env: { GITHUB_STEP_SUMMARY: summary } });
  assert.ok(code === 0 || code === 1, stderr);
  const text = readFileSync(summary, 'utf8');
  assert.ok(text.startsWith('# Build\n\nearlier output\n' + MARKDOWN_MARKER));
});

test('report option mistakes are usage or input errors: exit 2, one line, no stack', async () => {
  const cases: [string[], RegExp][] = [
    [['--format', 'pdf'], /--format: unknown format "pdf"/],
    [['--format', 'sarif', '--format', 'markdown'], /only one format can go to stdout/],
    [['--format', 'sarif='], /name a file after "="/],
    [['--dockerfile', join(work, 'missing.Dockerfile')], /cannot read the Dockerfile/],
    [['--dockerfile', 'samples/dockerfiles/waste.Dockerfile', '--target', 'nope'], /--target nope: no such stage/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await runCli(['analyze', sample('waste.docker.tar'), ...args]);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, message);
    assert.ok(!hasStackTrace(stderr), stderr);
  }
  const notDockerfile = join(work, 'empty.Dockerfile');
  writeFileSync(notDockerfile, '# nothing here\n');
  const { code, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--dockerfile', notDockerfile]);
  assert.equal(code, 2);
  assert.match(stderr, /no FROM instruction/);
});

test('a Dockerfile that did not build the image maps nothing and says so, without failing', async () => {
  const unrelated = join(work, 'unrelated.Dockerfile');
  writeFileSync(unrelated, 'FROM alpine:3\nRUN apk add --no-cache curl\nCMD ["curl"]\n');
  const { code, stdout, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--dockerfile', unrelated, '--format', 'json']);
  assert.ok(code === 0 || code === 1, stderr);
  assert.match(stderr, /no layer of the image matches a line of/);
  for (const f of (JSON.parse(stdout) as { findings?: { file?: string }[] }).findings ?? []) assert.equal(f.file, undefined);
});

test('an image read from stdin is named by its image name where a location is needed', async (t) => {
  const { code, stdout, stderr } = await runCli(['analyze', '-', '--format', 'gitlab'], { input: readFileSync(sample('waste.docker.tar')) });
  assert.ok(code === 0 || code === 1, stderr);
  const issues = JSON.parse(stdout) as { location: { path: string; lines: { begin: number } } }[];
  if (issues.length === 0) return t.skip(NO_FINDINGS);
  for (const issue of issues) {
    assert.equal(issue.location.path, 'tsimage-sample/waste:1');
    assert.equal(issue.location.lines.begin, 1);
  }
});
