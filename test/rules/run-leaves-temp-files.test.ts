import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/run-leaves-temp-files.js';
import { baseLayer, check, makeContext } from './helpers.js';
import type { RunObservation } from '../../src/lint/types.js';

const withRun = (changes: RunObservation['changes']) => ({ ...makeContext({ layers: [baseLayer] }), run: { engine: 'docker', command: ['app', 'serve'], changes } });

test('fires for files a run left in /tmp, with their bytes, one finding per place', () => {
  const findings = check(rule, withRun([
    { path: 'tmp', kind: 'changed', type: 'directory' },
    { path: 'tmp/upload-1.part', kind: 'added', type: 'file', size: 4000 },
    { path: 'tmp/upload-2.part', kind: 'added', type: 'file', size: 1000 },
    { path: 'root/.cache/pip/http/ab/cd', kind: 'added', type: 'file', size: 700 },
  ]));
  assert.deepEqual(findings.map((f) => [f.message, f.bytes, f.paths]), [
    ['`app serve` on docker left 2 files (5.00 kB) in /tmp', 5000, ['tmp/upload-1.part', 'tmp/upload-2.part']],
    ['`app serve` on docker left 1 file (700 B) in a cache directory', 700, ['root/.cache/pip/http/ab/cd']],
  ]);
  assert.equal(findings[1].fix, 'pip install --no-cache-dir', 'a known package cache gets its own fix');
  assert.equal(findings[0].category, 'hygiene');
});

test('does not fire for a static analysis (no run), deletions, directories or writes elsewhere', () => {
  assert.deepEqual(check(rule, makeContext({ layers: [baseLayer, { instruction: 'RUN touch /tmp/x', files: { 'tmp/x': 10 } }] })), [], 'files the image ships are other rules\' business');
  assert.deepEqual(check(rule, withRun([
    { path: 'tmp/old', kind: 'deleted', type: 'file', sizeBefore: 10 },
    { path: 'tmp/dir', kind: 'added', type: 'directory' },
    { path: 'app/data.db', kind: 'added', type: 'file', size: 100 },
    { path: 'tmpfile', kind: 'added', type: 'file', size: 1 },
  ])), []);
});
