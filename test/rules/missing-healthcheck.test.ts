import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/missing-healthcheck.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';

test('HEALTHCHECK NONE is a decision, not an omission', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer], config: { Healthcheck: { Test: ['NONE'] } } }), []);
  assert.equal(checkSpec(rule, { layers: [baseLayer], config: { Healthcheck: undefined } })[0].severity, 'info');
});

test('samples: waste has no HEALTHCHECK, good and buildkit have one', async () => {
  assert.equal(check(rule, await sampleContext('waste.docker.tar')).length, 1);
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  assert.deepEqual(check(rule, await sampleContext('buildkit.docker.tar')), []);
});
