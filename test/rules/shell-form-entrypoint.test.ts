import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { shellFormScript } from '../../rules/shell-form-entrypoint.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('shell form is ["/bin/sh", "-c", script]; exec form and `exec app` are fine', () => {
  assert.equal(shellFormScript(['/bin/sh', '-c', 'node app.js']), 'node app.js');
  assert.equal(shellFormScript(['sh']), undefined);
  assert.equal(shellFormScript(['node', 'app.js']), undefined);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer], config: { Entrypoint: ['/bin/sh', '-c', 'exec node app.js'] } }), []);
  assert.equal(checkSpec(rule, { layers: [baseLayer], config: { Entrypoint: ['/bin/sh', '-c', 'node app.js'] } })[0].fix, 'ENTRYPOINT ["node","app.js"]');
});

test('real image: `CMD node /app/server.js` (legacy builder); the samples use exec form', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  assert.deepEqual(check(rule, await sampleContext('waste.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].instruction, 'CMD node /app/server.js');
});
