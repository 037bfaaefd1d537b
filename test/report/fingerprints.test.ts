/**
 * Fingerprints keep a finding the same finding from run to run, so GitHub code scanning and GitLab Code
 * Quality do not report it as new every time. They hash what the finding is about (rule, in-image paths,
 * instruction with content digests masked), never bytes, digests, dates or Dockerfile lines.
 * (Two real rebuilds of one Dockerfile are compared in test/dockerfile/multistage-mapping.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import { renderGitlab } from '../../src/report/gitlab.js';
import { automationId, buildSarif } from '../../src/report/sarif.js';
import { sampleReport } from './fixture-report.js';

function sarifFingerprints(report: AnalysisReport, imageUri = 'samples/waste.docker.tar'): Record<string, string>[] {
  return buildSarif(report, { imageUri }).runs[0].results.map((r) => r.partialFingerprints);
}

function gitlabFingerprints(report: AnalysisReport): string[] {
  return (JSON.parse(renderGitlab(report)) as { fingerprint: string }[]).map((i) => i.fingerprint);
}

test('the same image analysed twice gives identical SARIF and GitLab fingerprints', async () => {
  const a = await sampleReport('waste.docker.tar');
  const b = await sampleReport('waste.docker.tar');
  assert.ok((a.findings ?? []).length >= 3, 'the waste sample has findings');
  assert.deepEqual(sarifFingerprints(a), sarifFingerprints(b));
  assert.deepEqual(gitlabFingerprints(a), gitlabFingerprints(b));
});

test('the same image as docker-archive, oci-archive and zstd OCI layout gives the same fingerprints', async () => {
  const docker = sarifFingerprints(await sampleReport('waste.docker.tar'));
  assert.deepEqual(sarifFingerprints(await sampleReport('waste.oci.tar')), docker);
  assert.deepEqual(sarifFingerprints(await sampleReport('waste.oci-zstd')), docker);
});

test('fingerprints do not depend on --dockerfile, the Dockerfile line or the image location', async () => {
  const plain = await sampleReport('waste.docker.tar');
  const mapped = await sampleReport('waste.docker.tar', { dockerfile: 'samples/dockerfiles/waste.Dockerfile' });
  assert.ok((mapped.findings as { line?: number }[]).some((f) => f.line), 'findings are mapped');
  assert.deepEqual(sarifFingerprints(mapped), sarifFingerprints(plain));
  assert.deepEqual(sarifFingerprints(plain, 'elsewhere/image.tar'), sarifFingerprints(plain));
  assert.deepEqual(gitlabFingerprints(mapped), gitlabFingerprints(plain));
});

test('each result has its own fingerprint, and GitHub\'s primaryLocationLineHash is set', async () => {
  const report = await sampleReport('waste.docker.tar');
  const prints = sarifFingerprints(report);
  assert.equal(new Set(prints.map((p) => p['tsimageFinding/v1'])).size, prints.length);
  for (const p of prints) assert.match(p.primaryLocationLineHash, /^[0-9a-f]{16}:1$/);
  assert.equal(new Set(gitlabFingerprints(report)).size, prints.length);
});

test('a finding that differs in what it is about gets a different fingerprint', async () => {
  const report = await sampleReport('waste.docker.tar');
  const [first, ...rest] = report.findings as { paths: string[] }[];
  const moved = { ...report, findings: [{ ...first, paths: ['somewhere/else'] }, ...rest] };
  assert.notEqual(sarifFingerprints(moved)[0]['tsimageFinding/v1'], sarifFingerprints(report)[0]['tsimageFinding/v1']);
});

test('the SARIF category (automationDetails.id) is per image repository, not per tag, digest or id', () => {
  assert.equal(automationId('registry.example:5000/team/app:1.2.3'), 'tsimage/registry.example:5000/team/app/');
  assert.equal(automationId('team/app:abc123'), automationId('team/app:def456'));
  assert.equal(automationId('team/app@sha256:' + 'a'.repeat(64)), 'tsimage/team/app/');
  assert.equal(automationId('sha256:2a9737e742e6'), 'tsimage/image/');
});
