import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { referenceTag } from '../../rules/latest-base-tag.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('reads the tag of a reference, registry ports included', () => {
  assert.equal(referenceTag('debian'), '');
  assert.equal(referenceTag('localhost:5000/debian'), '');
  assert.equal(referenceTag('localhost:5000/debian:12'), '12');
  assert.equal(referenceTag('debian:latest@sha256:abc'), undefined);
});

test('does not fire for a versioned base, a digest-pinned one, or no base label', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer], config: { Labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:12-slim' } } }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer], config: { Labels: { 'org.opencontainers.image.base.name': 'debian', 'org.opencontainers.image.base.digest': 'sha256:abc' } } }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer] }), []);
});

test('real image: the base-name label says busybox:latest; the good sample has no such label', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].fix, 'FROM docker.io/library/busybox:<version>@sha256:<digest>');
});
