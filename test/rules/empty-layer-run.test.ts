import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/empty-layer-run.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('fires for a RUN layer with no entries; not for one that wrote a file', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN echo hi' }, { instruction: 'RUN touch /x', files: { x: 0 } }] });
  assert.deepEqual(findings.map((f) => f.layerIndex), [1]);
});

test('real image: `RUN echo "nothing to see"` made no layer; the RUNs that wrote files are not flagged', async (t) => {
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const texts = check(rule, bad.ctx!).map((f) => f.instruction);
  assert.ok(texts.includes('RUN echo "nothing to see"'));
  assert.ok(!texts.some((t) => t?.startsWith('RUN npm ci')));
  assert.deepEqual(check(rule, await sampleContext('waste.docker.tar')), []);
});
