/**
 * Cases for copy-ignored-file (BuildKit's CopyIgnoredFile): the .dockerignore of the build context decides,
 * with Docker's matching rules (test/lint/dockerignore.test.ts has the matcher's own cases).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { lintDockerfiles } from '../../src/lint/lint-dockerfile.js';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import { runSourceRules } from '../../src/lint/lint-source.js';
import { runCli, tempDir } from '../helpers.js';

async function lines(dockerignore: string | undefined, dockerfile: string): Promise<string[]> {
  const rules = (await loadBuiltinRules()).filter((r) => r.id === 'copy-ignored-file');
  const context = dockerignore === undefined ? undefined : { dockerignore: dockerignore.split('\n') };
  return runSourceRules(parseDockerfile(dockerfile), rules, { file: 'Dockerfile', context }).findings.map((f) => `${f.line}: ${f.message}`);
}

test('copy-ignored-file: paths the .dockerignore leaves in, or that are not plain context paths, pass', async () => {
  const ignore = '# build output\ndist\n*.log\n!keep.log\nsecrets/**';
  for (const code of [
    'FROM alpine:3.20\nCOPY src /src',
    'FROM alpine:3.20\nCOPY keep.log /logs/',
    'FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /dist /dist',
    'FROM alpine:3.20\nCOPY *.log /logs/',
    'FROM alpine:3.20\nADD https://example.com/dist /dist',
    'FROM alpine:3.20\nCOPY <<EOF /dist\nhello\nEOF',
  ]) assert.deepEqual(await lines(ignore, code), [], code);
  // No .dockerignore known (stdin, or no file): nothing to judge.
  assert.deepEqual(await lines(undefined, 'FROM alpine:3.20\nCOPY dist /dist'), []);
});

test('copy-ignored-file: COPY and ADD of ignored files and directories are errors, on their lines', async () => {
  const ignore = 'dist\n*.log\n!keep.log\nsecrets/**\n*/tmp/*';
  assert.deepEqual(await lines(ignore, 'FROM alpine:3.20\nCOPY dist/app.js /app/\nADD ./debug.log /logs/\nCOPY ["secrets/key", "/k"]\nCOPY app/tmp/x /x'), [
    '2: attempting to Copy file "dist/app.js" that is excluded by .dockerignore',
    '3: attempting to Add file "./debug.log" that is excluded by .dockerignore',
    '4: attempting to Copy file "secrets/key" that is excluded by .dockerignore',
    '5: attempting to Copy file "app/tmp/x" that is excluded by .dockerignore',
  ]);
});

test('copy-ignored-file: COPY . with "exclude all, then bring back" patterns passes (moby/buildkit#6512)', async () => {
  assert.deepEqual(await lines('*\n!go.*\n!*.go\n!internal/', 'FROM golang:1.22\nCOPY . /src/'), []);
  assert.deepEqual(await lines('*', 'FROM golang:1.22\nCOPY . /src/'), ['2: attempting to Copy file "." that is excluded by .dockerignore']);
});

test('copy-ignored-file: tsimage lint reads NAME.dockerignore first, else the context\'s .dockerignore (--context)', async () => {
  const dir = tempDir('tsimage-dockerignore-');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCOPY dist /dist\nCOPY notes.txt /notes.txt\n');
  writeFileSync(join(dir, '.dockerignore'), 'dist\n');
  const context = await runCli(['lint', join(dir, 'Dockerfile'), '--format', 'json', '--fail-on', 'none']);
  assert.equal(context.code, 0, context.stderr);
  assert.deepEqual(JSON.parse(context.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'copy-ignored-file').map((f: { line: number }) => f.line), [2]);
  writeFileSync(join(dir, 'Dockerfile.dockerignore'), 'notes.txt\n');
  const own = await runCli(['lint', join(dir, 'Dockerfile'), '--format', 'json', '--fail-on', 'none']);
  assert.deepEqual(JSON.parse(own.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'copy-ignored-file').map((f: { line: number }) => f.line), [3]);
  // --context names the context: its .dockerignore counts for a Dockerfile kept elsewhere.
  const elsewhere = tempDir('tsimage-dockerfile-');
  writeFileSync(join(elsewhere, 'app.Dockerfile'), 'FROM alpine:3.20\nCOPY dist /dist\n');
  const other = await runCli(['lint', join(elsewhere, 'app.Dockerfile'), '--context', dir, '--format', 'json', '--fail-on', 'none']);
  assert.deepEqual(JSON.parse(other.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'copy-ignored-file').map((f: { line: number }) => f.line), [2]);
  // The library takes the text as given.
  const { findings } = await lintDockerfiles([{ file: 'Dockerfile', text: 'FROM alpine:3.20\nCOPY a /a\n', dockerignore: 'a\n' }]);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'copy-ignored-file').map((f) => f.line), [2]);
});
