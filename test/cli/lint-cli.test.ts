/** `tsimage lint`: exit codes, stdin, default ./Dockerfile, ignores from the file and the config, formats. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hasStackTrace, repoRoot, runCli, tempDir } from '../helpers.js';

const dir = tempDir('tsimage-i8-lint-');
after(() => rmSync(dir, { recursive: true, force: true }));

const CLEAN = 'FROM debian:12.5\nUSER app\nHEALTHCHECK NONE\nCMD ["app"]\n';
const SECRET = 'FROM debian:12.5\nUSER app\nHEALTHCHECK NONE\nENV API_TOKEN=abcdef123456\n';
const WARN = 'FROM debian:12.5\nUSER app\nHEALTHCHECK NONE\nWORKDIR app\n';

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a clean Dockerfile exits 0', async () => {
  const r = await runCli(['lint', file('clean.Dockerfile', CLEAN)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /no findings — pass/);
});

test('an error finding exits 1 (default --fail-on error); a warning only with --fail-on warning', async () => {
  const secret = await runCli(['lint', file('secret.Dockerfile', SECRET)]);
  assert.equal(secret.code, 1);
  assert.match(secret.stdout, /secret\.Dockerfile:4 .*secret-in-env-or-arg/);
  assert.match(secret.stderr, /gate failed/);
  const warn = file('warn.Dockerfile', WARN);
  assert.equal((await runCli(['lint', warn])).code, 0);
  assert.equal((await runCli(['lint', '--fail-on', 'warning', warn])).code, 1);
  assert.equal((await runCli(['lint', '--fail-on', 'none', file('secret2.Dockerfile', SECRET)])).code, 0);
});

test('usage and input errors exit 2 with one line and no stack', async () => {
  for (const args of [['lint', join(dir, 'missing.Dockerfile')], ['lint', '--fail-on', 'sometimes', file('c2.Dockerfile', CLEAN)], ['lint', file('nofrom.Dockerfile', 'RUN echo\n')], ['lint', file('open.Dockerfile', 'FROM a:1\nRUN <<EOF\necho\n')], ['lint', '-f', 'yaml', file('c3.Dockerfile', CLEAN)]]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(hasStackTrace(r.stderr), false);
    assert.match(r.stderr, /^tsimage: /);
  }
});

test('- reads the Dockerfile from stdin; reports name it Dockerfile (or --stdin-name)', async () => {
  const r = await runCli(['lint', '-'], { input: SECRET });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Dockerfile:4 /m);
  const named = await runCli(['lint', '--stdin-name', 'svc/Dockerfile', '-f', 'json', '-'], { input: SECRET });
  assert.equal(JSON.parse(named.stdout).findings[0].file, 'svc/Dockerfile');
});

test('without arguments it lints ./Dockerfile', async () => {
  const cwd = mkdtempSync(join(dir, 'cwd-'));
  writeFileSync(join(cwd, 'Dockerfile'), SECRET);
  const r = await runCli(['lint'], { cwd });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Dockerfile:4 /m);
  const empty = mkdtempSync(join(dir, 'empty-'));
  const none = await runCli(['lint'], { cwd: empty });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no such file/);
});

test('inline ignores and the config file (ignores with reasons, rules off, severities) apply', async () => {
  const inline = await runCli(['lint', file('inline.Dockerfile', SECRET.replace('ENV', '# tsimage ignore=secret-in-env-or-arg\nENV'))]);
  assert.equal(inline.code, 0, inline.stdout);
  assert.match(inline.stderr, /1 finding accepted/);
  const cwd = mkdtempSync(join(dir, 'cfg-'));
  writeFileSync(join(cwd, 'Dockerfile'), SECRET + 'WORKDIR app\n');
  writeFileSync(join(cwd, '.tsimage.yml'), 'rules:\n  workdir-relative: error\nignore:\n  - rule: secret-in-env-or-arg\n    reason: a test token\n');
  const r = await runCli(['lint', '-f', 'json'], { cwd });
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`), ['workdir-relative error']);
  assert.equal(report.gate.accepted, 1);
  assert.equal(r.code, 1);
  writeFileSync(join(cwd, '.tsimage.yml'), 'rules:\n  no-such-rule: off\n');
  assert.equal((await runCli(['lint'], { cwd })).code, 2);
});

test('a baseline accepts today\'s findings', async () => {
  const path = file('base.Dockerfile', SECRET);
  const baseline = join(dir, 'baseline.json');
  assert.equal((await runCli(['lint', '--write-baseline', baseline, path])).code, 0);
  assert.equal((await runCli(['lint', '--baseline', baseline, path])).code, 0);
  assert.equal((await runCli(['lint', '--baseline', baseline, file('base2.Dockerfile', SECRET + 'ENV DB_PASSWORD=other-secret\n')])).code, 1);
});

test('SARIF, GitHub and Checkstyle point at the Dockerfile lines; several files in one run', async () => {
  const a = file('a.Dockerfile', SECRET);
  const b = file('b.Dockerfile', WARN);
  const sarifFile = join(dir, 'out.sarif');
  const r = await runCli(['lint', '-f', `sarif=${sarifFile}`, '-f', 'github', '--fail-on', 'none', a, b]);
  assert.equal(r.code, 0, r.stderr);
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
  const results = sarif.runs[0].results.map((x: any) => `${x.ruleId} ${x.locations[0].physicalLocation.artifactLocation.uri.split('/').pop()}:${x.locations[0].physicalLocation.region.startLine}`);
  assert.deepEqual(results.sort(), ['secret-in-env-or-arg a.Dockerfile:4', 'workdir-relative b.Dockerfile:4']);
  assert.equal(sarif.runs[0].properties.totalBytes, undefined, 'no image figures in a source lint');
  assert.match(r.stdout, /^::error file=.*a\.Dockerfile,line=4/m);
  const checkstyle = await runCli(['lint', '-f', 'checkstyle', '--fail-on', 'none', a]);
  assert.match(checkstyle.stdout, /<error line="4"/);
});

test('the sample Dockerfiles lint without errors from the repository root', async () => {
  const r = await runCli(['lint', 'samples/dockerfiles/good.Dockerfile'], { cwd: repoRoot });
  assert.equal(r.code, 0, r.stdout + r.stderr);
});
