import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/metadata-copy.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';

test('waste sample: `RUN chmod 600` re-stores the 102,400-byte COPY; the fix is COPY --chmod', async () => {
  const findings = check(rule, await sampleContext('waste.docker.tar'));
  assert.equal(findings.length, 1);
  assert.equal(findings[0].layerIndex, 8);
  assert.equal(findings[0].bytes, 102400);
  assert.equal(findings[0].fix, 'COPY --chmod=600 <source> /srv/app/copied.bin', 'the legacy history hides the source name');
});

test('a changed file is not a metadata copy', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'COPY a /a', files: { a: { size: 10, content: 'x' } } }, { instruction: 'RUN echo >> /a', files: { a: { size: 11, content: 'y' } } }] }), []);
});

test('good sample: COPY --chown wrote each file once', async () => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
});

test('debconf\'s database re-stored over the base by an install is not this rule\'s (overwritten-in-later-layer reports it once, as info)', () => {
  const base = { instruction: 'ADD rootfs.tar /', inherited: true, files: { 'var/cache/debconf/templates.dat': { size: 700000, content: 't' }, 'srv/data.bin': { size: 5000, content: 'd' } } };
  const install = { instruction: 'RUN apt-get install -y curl && chmod 600 /srv/data.bin', files: { 'var/cache/debconf/templates.dat': { size: 700000, content: 't', mode: 0o600 }, 'srv/data.bin': { size: 5000, content: 'd', mode: 0o600 } } };
  assert.deepEqual(checkSpec(rule, { layers: [base, install] }).map((f) => f.paths), [['srv/data.bin']]);
});
