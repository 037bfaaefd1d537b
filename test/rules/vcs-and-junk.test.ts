import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { junkKind } from '../../rules/vcs-and-junk.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_GOOD, MISC_BAD, engineImage } from './images.js';

test('classifies junk and leaves runtime bytecode alone', () => {
  assert.equal(junkKind('app/.git/objects/ab/cd'), 'version control data');
  assert.equal(junkKind('app/__pycache__/x.pyc'), 'Python bytecode caches');
  assert.equal(junkKind('usr/lib/python3.11/__pycache__/os.cpython-311.pyc'), undefined);
  assert.equal(junkKind('tmp/build.log'), 'temporary files');
  assert.equal(junkKind('var/log/dpkg.log'), 'log files');
  assert.equal(junkKind('app/core'), 'core dumps');
  assert.equal(junkKind('app/core.py'), undefined);
});

test('fires with bytes; does not fire for the base image or empty files', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'COPY . /app', files: { 'app/.git/HEAD': 20, 'app/.git/pack/p.pack': 9000, 'app/main.py': 10 } }] });
  assert.deepEqual(findings.map((f) => f.bytes), [9020]);
  assert.deepEqual(checkSpec(rule, { layers: [{ ...baseLayer, files: { 'tmp/x.log': 100 } }, { instruction: 'RUN touch /tmp/empty', files: { 'tmp/empty': 0 } }] }), []);
});

test('real image: .git and __pycache__ from `COPY app/ /app/` (35,021 bytes) and a log in /tmp (6 bytes)', async (t) => {
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => [f.layerIndex, f.bytes, f.paths.length]), [[3, 35021, 3], [6, 6, 1]]);
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});

test('junk below 1 MB is info and names what to delete; .git stays a warning whatever its size', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get install -y curl', files: { 'var/log/apt/history.log': 3000, 'var/log/apt/term.log': 9000, 'var/log/dpkg.log': 40000 } }, { instruction: 'COPY . /app', files: { 'app/.git/HEAD': 20 } }, { instruction: 'RUN make > /tmp/build.log', files: { 'tmp/build.log': 2_000_000 } }] });
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.severity, f.bytes]).sort(), [[1, 'info', 52000], [2, 'warning', 20], [3, 'warning', 2000000]]);
  assert.match(findings.find((f) => f.layerIndex === 1)!.fix!, /rm -rf \/var\/log\/apt\/\* \/var\/log\/dpkg\.log\)$/);
  assert.match(findings.find((f) => f.layerIndex === 3)!.fix!, /rm -rf \/tmp\/build\.log\)$/);
});
