/** `tsimage lint --fix`, `--fix-dry-run`, `--unsafe`: files rewritten, stdin, diffs, exit codes, SARIF fixes, GitHub suggestions. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hasStackTrace, runCli, tempDir } from '../helpers.js';

const dir = tempDir('tsimage-s2-fix-');
after(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'FROM debian:12.5\nUSER app\nHEALTHCHECK NONE\n';
// A secret (error, no fix), a MAINTAINER (warning, safe fix) and a shell-form CMD (warning, unsafe fix).
const CODE = HEAD + 'ENV API_TOKEN=abcdef123456\nMAINTAINER Jane <j@example.com>\n# keep me\nCMD app --serve\n';
const SAFE = HEAD + 'ENV API_TOKEN=abcdef123456\nLABEL org.opencontainers.image.authors="Jane <j@example.com>"\n# keep me\nCMD app --serve\n';
const UNSAFE = SAFE.replace('CMD app --serve', 'CMD ["app", "--serve"]');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('--fix rewrites the file with the safe fixes; the report and exit code are those of the fixed file', async () => {
  const path = file('a.Dockerfile', CODE);
  const r = await runCli(['lint', '--fix', '--fail-on', 'warning', '-f', 'json', path]);
  assert.equal(readFileSync(path, 'utf8'), SAFE);
  assert.match(r.stderr, /fixed 1 finding \(maintainer-deprecated\); 1 more with --unsafe/);
  const rules = JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
  assert.ok(!rules.includes('maintainer-deprecated') && rules.includes('shell-form-entrypoint') && rules.includes('secret-in-env-or-arg'), rules.join(', '));
  assert.equal(r.code, 1);
  const again = await runCli(['lint', '--fix', '--fail-on', 'none', path]);
  assert.equal(readFileSync(path, 'utf8'), SAFE, 'a second --fix changes nothing');
  assert.match(again.stderr, /nothing to fix; 1 more with --unsafe/);
  assert.equal(again.code, 0);
});

test('--fix --unsafe also takes the unsafe fixes; with nothing left at the threshold the exit code is 0', async () => {
  const path = file('b.Dockerfile', CODE.replace('ENV API_TOKEN=abcdef123456\n', ''));
  const r = await runCli(['lint', '--fix', '--unsafe', '--fail-on', 'warning', path]);
  assert.equal(readFileSync(path, 'utf8'), UNSAFE.replace('ENV API_TOKEN=abcdef123456\n', ''));
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('--fix-dry-run prints a unified diff that git apply accepts, and writes nothing', async (t) => {
  const path = file('c.Dockerfile', CODE);
  const r = await runCli(['lint', '--fix-dry-run', '--unsafe', '--fail-on', 'none', 'c.Dockerfile'], { cwd: dir });
  assert.equal(readFileSync(path, 'utf8'), CODE);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^--- a\/c\.Dockerfile\n\+\+\+ b\/c\.Dockerfile\n@@ -2,6 \+2,6 @@\n/);
  assert.match(r.stdout, /^-MAINTAINER Jane <j@example.com>$/m);
  assert.match(r.stdout, /^\+CMD \["app", "--serve"\]$/m);
  const git = spawnSync('git', ['apply', '--unsafe-paths', '-'], { cwd: dir, input: r.stdout });
  if (git.error) { t.diagnostic('git not installed: the diff was not applied'); return; }
  assert.equal(git.status, 0, git.stderr.toString());
  assert.equal(readFileSync(path, 'utf8'), UNSAFE);
});

test('--fix on stdin prints the fixed Dockerfile on stdout; reports go only to files', async () => {
  const sarif = join(dir, 'stdin.sarif');
  const r = await runCli(['lint', '--fix', '-f', `sarif=${sarif}`, '-f', 'text', '-'], { input: CODE });
  assert.equal(r.stdout, SAFE);
  assert.equal(r.code, 1, 'the secret is still an error');
  assert.ok(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length >= 2);
});

test('--unsafe alone, or --fix with --fix-dry-run, is a usage error (exit 2, one line)', async () => {
  const path = file('d.Dockerfile', CODE);
  for (const args of [['lint', '--unsafe', path], ['lint', '--fix', '--fix-dry-run', path]]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(hasStackTrace(r.stderr), false);
    assert.match(r.stderr, /^tsimage: /);
  }
  assert.equal(readFileSync(path, 'utf8'), CODE);
});

test('--fix on a Dockerfile that does not parse is an input error and writes nothing', async () => {
  const path = file('e.Dockerfile', 'FROM a:1\nRUN <<EOF\necho\n');
  const r = await runCli(['lint', '--fix', path]);
  assert.equal(r.code, 2);
  assert.equal(readFileSync(path, 'utf8'), 'FROM a:1\nRUN <<EOF\necho\n');
});

test('SARIF results carry fixes[]: an artifactChange on the Dockerfile with its replacements, and the safety', async () => {
  const r = await runCli(['lint', '-f', 'sarif', '--fail-on', 'none', '--stdin-name', 'svc/Dockerfile', '-'], { input: CODE });
  const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; fixes?: unknown[] }[];
  const maintainer = results.find((x) => x.ruleId === 'maintainer-deprecated')!;
  assert.deepEqual(maintainer.fixes, [{
    description: { text: 'Replace MAINTAINER with LABEL org.opencontainers.image.authors.' },
    artifactChanges: [{
      artifactLocation: { uri: 'svc/Dockerfile' },
      replacements: [{ deletedRegion: { startLine: 5, startColumn: 1, endLine: 5, endColumn: 32 }, insertedContent: { text: 'LABEL org.opencontainers.image.authors="Jane <j@example.com>"' } }],
    }],
    properties: { safety: 'safe' },
  }]);
  const cmd = results.find((x) => x.ruleId === 'shell-form-entrypoint')!;
  assert.equal((cmd.fixes![0] as { properties: { safety: string } }).properties.safety, 'unsafe');
  assert.equal(results.find((x) => x.ruleId === 'secret-in-env-or-arg')!.fixes, undefined, 'no fix, no fixes[]');
});

test('the github format suggests the change and the command that applies it', async () => {
  const r = await runCli(['lint', '-f', 'github', '--fail-on', 'none', '-'], { input: CODE });
  assert.match(r.stdout, /::warning file=Dockerfile,line=5,title=maintainer-deprecated::.*Suggested change \(safe\): replace MAINTAINER with LABEL org.opencontainers.image.authors; apply with tsimage lint --fix Dockerfile/);
  assert.match(r.stdout, /title=shell-form-entrypoint::.*Suggested change \(unsafe\).*tsimage lint --fix --unsafe Dockerfile/);
});
