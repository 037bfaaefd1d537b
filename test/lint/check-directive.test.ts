/**
 * BuildKit's `# check=` directive and BuildKit check names as aliases: `skip=A,B`, `skip=all`, `error=true`,
 * only at the top of the file; `--ignore StageNameCasing` and pragmas that name BuildKit checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintDockerfiles } from '../../src/lint/lint-dockerfile.js';
import { runCli } from '../helpers.js';

const BODY = 'FROM alpine:3.20 as Build\nENV A 1\nCMD echo hi\n';

async function found(text: string, ignoreRules?: string[]): Promise<string[]> {
  const { findings } = await lintDockerfiles([{ file: 'Dockerfile', text }], { ignoreRules });
  return findings.filter((f) => f.ruleId !== 'missing-healthcheck' && f.ruleId !== 'runs-as-root').map((f) => `${f.line} ${f.ruleId} ${f.severity}`);
}

test('without a directive the BuildKit checks report as warnings', async () => {
  assert.deepEqual(await found(BODY), [
    '1 from-as-casing warning', '1 stage-name-casing warning', '2 legacy-key-value-format warning', '3 shell-form-entrypoint warning',
  ]);
});

test('# check=skip=A,B skips those BuildKit checks, by their BuildKit names (case-sensitive, as BuildKit)', async () => {
  assert.deepEqual(await found('# check=skip=StageNameCasing,JSONArgsRecommended\n' + BODY), ['2 from-as-casing warning', '3 legacy-key-value-format warning']);
  assert.deepEqual(await found('# check=skip=stagenamecasing\n' + BODY), ['2 from-as-casing warning', '2 stage-name-casing warning', '3 legacy-key-value-format warning', '4 shell-form-entrypoint warning']);
});

test('# check=skip=all skips every BuildKit check and leaves the others', async () => {
  assert.deepEqual(await found('# check=skip=all\n' + BODY + 'RUN curl -s https://example.com | sh\n'), ['5 pipefail warning']);
});

test('# check=error=true makes the BuildKit checks errors; it combines with skip by ;', async () => {
  assert.deepEqual(await found('# syntax=docker/dockerfile:1\n# check=skip=FromAsCasing;error=true\n' + BODY), [
    '3 stage-name-casing error', '4 legacy-key-value-format error', '5 shell-form-entrypoint error',
  ]);
});

test('# check=error=true fails the default gate (exit 1), as the build would fail', async () => {
  const warned = await runCli(['lint', '-'], { input: 'FROM scratch as base\nCOPY x /x\n' });
  assert.equal(warned.code, 0, warned.stderr);
  const failed = await runCli(['lint', '-'], { input: '# check=error=true\nFROM scratch as base\nCOPY x /x\n' });
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /error +from-as-casing/);
});

test('a # check= line after a comment, a blank line or an instruction is a comment, not a directive', async () => {
  assert.deepEqual(await found('# my Dockerfile\n# check=skip=all\n' + BODY), ['3 from-as-casing warning', '3 stage-name-casing warning', '4 legacy-key-value-format warning', '5 shell-form-entrypoint warning']);
  assert.deepEqual(await found(BODY + '# check=skip=all\n'), ['1 from-as-casing warning', '1 stage-name-casing warning', '2 legacy-key-value-format warning', '3 shell-form-entrypoint warning']);
});

test('--ignore and pragmas take BuildKit check names', async () => {
  assert.deepEqual(await found(BODY, ['StageNameCasing', 'legacykeyvalueformat']), ['1 from-as-casing warning', '3 shell-form-entrypoint warning']);
  assert.deepEqual(await found('# hadolint ignore=FromAsCasing\n# tsimage ignore=StageNameCasing\n' + BODY), ['4 legacy-key-value-format warning', '5 shell-form-entrypoint warning']);
  assert.deepEqual(await found('# tsimage global ignore=LegacyKeyValueFormat,JSONArgsRecommended\n' + BODY), ['2 from-as-casing warning', '2 stage-name-casing warning']);
  const cli = await runCli(['lint', '-', '--ignore', 'StageNameCasing', '--ignore', 'NoSuchCheck'], { input: BODY });
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /no such rule: NoSuchCheck .*BuildKit check names/);
});

test('tsimage rules ID shows a rule\'s BuildKit name', async () => {
  const doc = await runCli(['rules', 'stage-name-casing']);
  assert.match(doc.stdout, /BuildKit: StageNameCasing/);
  const json = await runCli(['rules', 'shell-form-entrypoint', '--format', 'json']);
  assert.deepEqual(JSON.parse(json.stdout).buildkit, ['JSONArgsRecommended']);
});
