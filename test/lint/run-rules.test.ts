import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/deleted-in-later-layer.js';
import { emptyConfig } from '../../src/lint/config.js';
import { findingFingerprint } from '../../src/lint/fingerprint.js';
import { defineRule } from '../../src/lint/rule.js';
import { runRules } from '../../src/lint/run-rules.js';
import { baseLayer, makeContext } from '../rules/helpers.js';

const ctx = makeContext({ layers: [
  baseLayer,
  { instruction: 'RUN make', files: { 'opt/a.bin': 100, 'opt/b.bin': 200, 'srv/c.bin': 50 } },
  { instruction: 'RUN rm /opt/a.bin /opt/b.bin', whiteouts: ['opt/a.bin', 'opt/b.bin'] },
  { instruction: 'RUN rm /srv/c.bin', whiteouts: ['srv/c.bin'] },
] });

test('ignorePaths drops evidence; a finding left without evidence goes', () => {
  const config = { ...emptyConfig(), ignorePaths: ['/opt/a.bin', 'srv/**'] };
  const { findings } = runRules(ctx, [rule], { config });
  assert.deepEqual(findings.map((f) => f.paths), [['opt/b.bin']]);
});

test('an ignore with paths accepts only findings whose evidence it covers, and keeps the reason', () => {
  const config = { ...emptyConfig(), ignore: [{ rule: 'deleted-in-later-layer', paths: ['/opt/**'], reason: 'vendor blobs' }] };
  const { findings, suppressed } = runRules(ctx, [rule], { config });
  assert.deepEqual(findings.map((f) => f.paths), [['srv/c.bin']]);
  assert.deepEqual(suppressed.map((s) => [s.by, s.reason, s.finding.paths]), [['ignore', 'vendor blobs', ['opt/a.bin', 'opt/b.bin']]]);
});

test('config severity wins over the rule\'s; a disabled rule does not run; the baseline accepts by fingerprint', () => {
  const all = runRules(ctx, [rule]).findings;
  const config = { ...emptyConfig(), rules: { 'deleted-in-later-layer': { severity: 'error' as const } } };
  assert.ok(runRules(ctx, [rule], { config }).findings.every((f) => f.severity === 'error'));
  assert.deepEqual(runRules(ctx, [rule], { config: { ...emptyConfig(), rules: { 'deleted-in-later-layer': { enabled: false } } } }).findings, []);
  const baseline = new Set([findingFingerprint(all[0])]);
  const { findings, suppressed } = runRules(ctx, [rule], { baseline });
  assert.equal(findings.length, all.length - 1);
  assert.equal(suppressed[0].by, 'baseline');
});

test('a built-in rule that throws is a bug (plain Error), not a user error', () => {
  const broken = defineRule({ ...rule, id: 'broken', check() { throw new Error('boom'); } });
  assert.throws(() => runRules(ctx, [broken]), (e: Error) => e.constructor === Error && /rule broken failed: boom/.test(e.message));
});
