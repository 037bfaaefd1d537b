import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeFor } from '../../src/cli/exit-code.js';
import { parseConfig, parseThreshold } from '../../src/lint/config.js';
import { findingFingerprint } from '../../src/lint/fingerprint.js';
import { pathMatcher } from '../../src/lint/glob.js';
import type { Finding } from '../../src/lint/types.js';

const finding = (severity: Finding['severity']): Finding => ({ ruleId: 'x', category: 'bloat', severity, message: 'm', paths: [] });
const passed = { name: 'max-size', limit: 1, actual: 0, passed: true, message: '' };
const failed = { ...passed, passed: false };

test('exit code: 1 for a finding at or above --fail-on or a failed threshold, else 0', () => {
  assert.equal(exitCodeFor([finding('warning')], [], 'error'), 0);
  assert.equal(exitCodeFor([finding('warning')], [], 'warning'), 1);
  assert.equal(exitCodeFor([finding('error')], [], 'info'), 1);
  assert.equal(exitCodeFor([finding('error')], [], 'none'), 0);
  assert.equal(exitCodeFor([], [passed], 'error'), 0);
  assert.equal(exitCodeFor([], [passed, failed], 'none'), 1);
});

test('thresholds accept sizes, ratios and percentages, and say why a value is not one', () => {
  assert.equal(parseThreshold('maxSize', '1.5GiB'), 1.5 * 1024 ** 3);
  assert.equal(parseThreshold('minEfficiency', '95%'), 0.95);
  assert.equal(parseThreshold('lowestEfficiency', 0.9), 0.9);
  assert.equal(parseThreshold('maxWastedPercent', '12.5%'), 12.5);
  assert.match(String(parseThreshold('maxLayers', '-1')), /whole number/);
  assert.match(String(parseThreshold('highestUserWastedPercent', '20')), /ratio 0-1/);
});

test('config: dive keys at the top level, under rules: or thresholds:; paths resolve against the file', () => {
  const config = parseConfig('lowestEfficiency: 0.9\nrules:\n  highestWastedBytes: 1MB\n  runs-as-root: error\nrulesDir: my-rules\nbaseline: b.json\n', '/repo/.tsimage.yml');
  assert.deepEqual(config.thresholds, { lowestEfficiency: 0.9, highestWastedBytes: 1e6 });
  assert.deepEqual(config.rules['runs-as-root'], { enabled: true, severity: 'error' });
  assert.deepEqual(config.rulesDirs, ['/repo/my-rules']);
  assert.equal(config.baseline, '/repo/b.json');
});

test('ignore patterns: ** across directories, * within one, a plain path covers what is below it', () => {
  const m = pathMatcher(['/usr/share/doc/**', 'opt/*.log', '/srv/app']);
  assert.equal(m('usr/share/doc/a/b/c'), true);
  assert.equal(m('opt/x.log'), true);
  assert.equal(m('opt/sub/x.log'), false);
  assert.equal(m('srv/app/config.dat'), true);
  assert.equal(m('srv/application'), false);
});

test('fingerprints ignore bytes, layers and legacy content hashes, but not paths', () => {
  const a: Finding = { ruleId: 'metadata-copy', category: 'bloat', severity: 'warning', message: 'a', paths: ['srv/app/x'], instruction: `COPY file:${'1'.repeat(64)} in /srv/app/x`, bytes: 5, layerIndex: 3 };
  const b: Finding = { ...a, message: 'b', instruction: `COPY file:${'2'.repeat(64)} in /srv/app/x`, bytes: 9, layerIndex: 4 };
  assert.equal(findingFingerprint(a), findingFingerprint(b));
  assert.notEqual(findingFingerprint(a), findingFingerprint({ ...a, paths: ['srv/app/y'] }));
});
