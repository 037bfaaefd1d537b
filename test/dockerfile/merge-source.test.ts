/** `analyze IMAGE --dockerfile`: source and image findings about one instruction become one, with the image's bytes. */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { mergeSourceFindings } from '../../src/dockerfile/merge-source-findings.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import type { Finding } from '../../src/lint/types.js';
import { runCli, sample, tempDir } from '../helpers.js';

const dir = tempDir('tsimage-i8-merge-');
after(() => rmSync(dir, { recursive: true, force: true }));

const base = { category: 'bloat' as const, severity: 'warning' as const, paths: [] as string[], file: 'Dockerfile' };

test('one finding per rule and instruction: the image\'s, with its bytes; the source fix fills a missing one', async () => {
  const df = parseDockerfile('FROM debian:12.5\nRUN apt-get update \\\n && apt-get install -y curl\nUSER app\n');
  const image: Finding[] = [{ ...base, ruleId: 'apt-lists-left', message: 'image', line: 2, bytes: 41_000_000, paths: ['var/lib/apt/lists/x'] }];
  const source: Finding[] = [
    { ...base, ruleId: 'apt-lists-left', message: 'source', line: 2, endLine: 3, fix: 'rm -rf /var/lib/apt/lists/*' },
    { ...base, ruleId: 'pin-package-versions', message: 'source only', line: 2, endLine: 3 },
  ];
  const merged = mergeSourceFindings(image, source, df, await loadBuiltinRules());
  assert.equal(merged.merged, 1);
  assert.deepEqual(merged.findings.map((f) => [f.ruleId, f.message, f.bytes, f.fix, f.endLine]), [
    ['apt-lists-left', 'image', 41_000_000, 'rm -rf /var/lib/apt/lists/*', 3],
    ['pin-package-versions', 'source only', undefined, undefined, 3],
  ]);
});

test('inline ignores in the Dockerfile also accept the image\'s findings on that instruction', async () => {
  const df = parseDockerfile('FROM debian:12.5\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y curl\n');
  const image: Finding[] = [{ ...base, ruleId: 'apt-lists-left', message: 'image', line: 3, bytes: 10 }];
  const merged = mergeSourceFindings(image, [], df, await loadBuiltinRules());
  assert.deepEqual(merged.findings, []);
  assert.match(merged.suppressed[0]!.reason, /inline ignore at Dockerfile:2/);
});

test('analyze --dockerfile on the waste sample: consecutive-run and missing-healthcheck once each, at their lines', async () => {
  const { code, stdout, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--dockerfile', sample('dockerfiles/waste.Dockerfile'), '--format', 'json']);
  assert.equal(code, 0, stderr);
  const findings = JSON.parse(stdout).findings as Finding[];
  for (const rule of ['consecutive-run', 'missing-healthcheck']) assert.equal(findings.filter((f) => f.ruleId === rule).length, 1, rule);
  assert.equal(findings.find((f) => f.ruleId === 'consecutive-run')!.line, 16);
  assert.match(stderr, /2 findings of the Dockerfile's source checks merged/);
  // A pragma above the RUN streak accepts the image's finding too.
  const text = readFileSync(sample('dockerfiles/waste.Dockerfile'), 'utf8').split('\n');
  text.splice(15, 0, '# tsimage ignore=consecutive-run');
  const edited = join(dir, 'waste.Dockerfile');
  writeFileSync(edited, text.join('\n'));
  const again = await runCli(['analyze', sample('waste.docker.tar'), '--dockerfile', edited, '--format', 'json']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual((JSON.parse(again.stdout).findings as Finding[]).filter((f) => f.ruleId === 'consecutive-run'), []);
});

test('analyze --dockerfile: a source-only error finding fails the gate', async () => {
  const text = readFileSync(sample('dockerfiles/waste.Dockerfile'), 'utf8').replace('ENV APP_HOME=/srv/app APP_MODE=waste', 'ENV APP_HOME=/srv/app APP_MODE=waste DB_PASSWORD=hunter22');
  const edited = join(dir, 'secret.Dockerfile');
  writeFileSync(edited, text);
  const r = await runCli(['analyze', sample('waste.docker.tar'), '--dockerfile', edited, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  assert.ok((JSON.parse(r.stdout).findings as Finding[]).some((f) => f.ruleId === 'secret-in-env-or-arg' && f.line === 9));
});
