import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/consecutive-run.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { APT_GOOD, engineImage } from './images.js';

test('fires once per streak of adjacent RUNs, with the joined RUN as the fix', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN a' }, { instruction: 'RUN b' }, { instruction: 'ENV X=1', emptyLayer: true }, { instruction: 'RUN c' }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].fix, 'RUN a \\\n && b');
});

test('waste sample: the 8 RUNs in a row; the good sample and a single-RUN build have none', async (t) => {
  const findings = check(rule, await sampleContext('waste.docker.tar'));
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^8 consecutive RUN instructions/);
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  const good = await engineImage(APT_GOOD);
  if (good.skip) return t.skip(good.skip);
  assert.deepEqual(check(rule, good.ctx!), []);
});
