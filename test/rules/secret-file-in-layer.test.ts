import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { secretFileKind } from '../../rules/secret-file-in-layer.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { sampleContext } from './sample-context.js';
import { MISC_BAD, engineImage } from './images.js';

test('names that hold secrets, and their public halves that do not', () => {
  assert.equal(secretFileKind('root/.ssh/id_ed25519'), 'SSH private key');
  assert.equal(secretFileKind('root/.ssh/id_ed25519.pub'), undefined);
  assert.equal(secretFileKind('home/app/.npmrc'), 'credentials file');
  assert.equal(secretFileKind('root/.aws/credentials'), 'credentials file');
  assert.equal(secretFileKind('app/.env.production'), '.env file');
  assert.equal(secretFileKind('app/.env.example'), undefined);
  assert.equal(secretFileKind('etc/ssl/certs/ca.pem'), undefined);
  // One of each kind, so the quick name filter in front of the checks is shown to let every one through.
  assert.equal(secretFileKind('etc/ssh/ssh_host_ecdsa_key'), 'SSH host private key');
  assert.equal(secretFileKind('srv/tls/server.key'), 'private key or key store');
  assert.equal(secretFileKind('srv/tls/bundle.P12'), 'private key or key store');
  assert.equal(secretFileKind('srv/tls/store.jks'), 'private key or key store');
  assert.equal(secretFileKind('srv/tls/private-key-prod.pem'), 'private key or key store');
  assert.equal(secretFileKind('root/.git-credentials'), 'credentials file');
  assert.equal(secretFileKind('root/.docker/config.json'), 'credentials file');
  assert.equal(secretFileKind('root/.kube/config'), 'credentials file');
  assert.equal(secretFileKind('root/.config/gcloud/application_default_credentials.json'), 'credentials file');
  assert.equal(secretFileKind('app/Service-Account-prod.json'), 'credentials file');
  assert.equal(secretFileKind('app/credentials.json'), 'credentials file');
  assert.equal(secretFileKind('app/.env'), '.env file');
  assert.equal(secretFileKind('usr/bin/env'), undefined);
});

test('a key deleted by a later layer still fires, pointing at the layer that stores it', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'COPY id_rsa /root/.ssh/id_rsa', files: { 'root/.ssh/id_rsa': 1700 } }, { instruction: 'RUN rm /root/.ssh/id_rsa', whiteouts: ['root/.ssh/id_rsa'] }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].layerIndex, 1);
  assert.match(findings[0].message, /deleted or replaced later, but still in this layer/);
});

test('real image: id_rsa (deleted by a later RUN) and .env from the context; good sample clean', async (t) => {
  assert.deepEqual(check(rule, await sampleContext('good.docker.tar')), []);
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.paths]), [[3, ['app/.env', 'app/id_rsa']]]);
  assert.match(findings[0].message, /1 deleted or replaced later/);
});
