import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { secretReason } from '../../rules/secret-in-env-or-arg.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { MISC_BAD, buildTestImage, contextOf, engineImage } from './images.js';

test('names and values that are secrets, and the ones that are not', () => {
  assert.equal(secretReason('DB_PASSWORD', 'hunter2'), 'a secret-looking name');
  assert.equal(secretReason('X', 'AKIAABCDEFGHIJKLMNOP'), 'an AWS access key id');
  assert.equal(secretReason('DATABASE_URL', 'postgres://app:s3cret@db/app'), 'a password in a URL');
  assert.equal(secretReason('DB_PASSWORD_FILE', '/run/secrets/db'), undefined);
  assert.equal(secretReason('GPG_KEY', 'A035C8C19219BA821ECEA86B64E628F8D684696D'), undefined);
  assert.equal(secretReason('API_TOKEN', ''), undefined);
  assert.equal(secretReason('TOKEN', '$TOKEN'), undefined);
  assert.equal(secretReason('PASSENGER_VERSION', '6.0.1'), undefined);
  assert.equal(secretReason('TOKEN_URL', 'https://auth.example.com/token'), undefined);
  assert.equal(secretReason('com.example.api-key', 'k3y-v4lue'), 'a secret-looking name');
  assert.equal(secretReason('AWS_SECRET_ACCESS_KEY', 'abc/def+ghi'), 'a secret-looking name');
  assert.equal(secretReason('DB_PASS', 'pw'), 'a secret-looking name');
});

test('masks the value in the message', () => {
  const findings = checkSpec(rule, { layers: [baseLayer], config: { Env: ['PATH=/bin', 'API_SECRET=abcdefghijklmnop'] } });
  assert.equal(findings.length, 1);
  assert.doesNotMatch(findings[0].message, /abcdefghijklmnop/);
  assert.match(findings[0].message, /API_SECRET=ab\*+op/);
});

test('real image: ENV API_TOKEN and the NPM_TOKEN build arg recorded in the RUN history; good sample clean', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.deepEqual(findings.map((f) => f.message.split(' looks')[0]).sort(), ['ENV API_TOKEN=gh********yz', 'build ARG NPM_TOKEN=np********ij']);
  assert.ok(findings.every((f) => f.severity === 'error'));
  assert.ok(!JSON.stringify(findings).includes('0123456789abcdefghij'), 'no finding field carries the secret');
});

test('real image (BuildKit): a --build-arg a RUN used is recorded as `RUN |1 DEPLOY_TOKEN=...` and found', async (t) => {
  const reason = await busyboxBaseUnavailable();
  if (reason) return t.skip(reason);
  const ctx = await contextOf(await buildTestImage({
    name: 'buildkit-arg', builder: 'buildkit', context: {}, buildArgs: { DEPLOY_TOKEN: 'supersecretvalue123' },
    dockerfile: `FROM ${BUSYBOX_BASE}\nARG DEPLOY_TOKEN\nRUN test -n "$DEPLOY_TOKEN" && echo ok > /ok\nUSER app\n`,
  }));
  const findings = check(rule, ctx);
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.message.split(' looks')[0]]), [[1, 'build ARG DEPLOY_TOKEN=su********23']]);
});
