/**
 * Issue 16: three checks on names an image supplies were RegExps that retried from every match of their
 * first part (quadratic on a long crafted name): dpkg's `Depends` package names, and secret-file-in-layer's
 * `privkey….pem` and `.config/gcloud/…credentials`. Each is compared here with the RegExps it replaced on
 * random text (line breaks, unclosed brackets, runs of spaces and colons); no timing is asserted, but the
 * last test would not finish on the old code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageName } from '../../src/lint/dpkg.js';
import { secretFileKind } from '../../rules/secret-file-in-layer.js';
import { seededPieces } from '../seeded-random.js';

const oldPackageName = (alt: string) => alt.trim().replace(/\s*\(.*?\)/g, '').replace(/\s*\[.*?\]/g, '').replace(/:\S+$/, '').trim();

function oldSecretFileKind(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(name)) return 'SSH private key';
  if (/^ssh_host_\w+_key$/.test(name) && path.startsWith('etc/ssh/')) return 'SSH host private key';
  if (/\.(key|p12|pfx|jks|keystore)$/i.test(name) || /(private|priv)[_-]?key.*\.pem$|key\.pem$/i.test(name)) return 'private key or key store';
  if (name === '.npmrc' || name === '.yarnrc.yml' || name === '.pypirc' || name === '.netrc' || name === '.git-credentials' || name === '.dockercfg') return 'credentials file';
  if (/(^|\/)\.docker\/config\.json$/.test(path) || /(^|\/)\.aws\/credentials$/.test(path) || /(^|\/)\.kube\/config$/.test(path) || /(^|\/)\.config\/gcloud\/.*credentials/.test(path)) return 'credentials file';
  if (/^credentials\.json$|^service[-_]?account.*\.json$/i.test(name)) return 'credentials file';
  if (/^\.env(\.[\w-]+)?$/.test(name) && !/\.(example|sample|template|dist|defaults?)$/.test(name)) return '.env file';
  return undefined;
}

test('dpkg package names: what the three replaces left (100,000 random alternatives)', () => {
  const pick = seededPieces(1603);
  const pieces = ['libc6', 'a', ' ', ' ', '\t', '(', ')', '[', ']', ':', ':amd64', '>=', '2.36', '\n', '\r', '\u00a0', 'x'];
  for (let i = 0; i < 100_000; i++) {
    const alt = pick(pieces, 10);
    assert.equal(packageName(alt), oldPackageName(alt), JSON.stringify(alt));
  }
});

test('secret file names: the same kind as the RegExps said (100,000 random paths)', () => {
  const pick = seededPieces(1604);
  const pieces = ['/', 'priv', 'private', 'PRIV', '_', '-', 'key', 'KEY', '.pem', '.PEM', 'x', '.config/gcloud/', '.config/', 'gcloud/', 'credentials', '\n', '\r', 'a', 'id_rsa', '.env', 'service', 'account', '.json'];
  let secrets = 0;
  for (let i = 0; i < 100_000; i++) {
    const path = pick(pieces, 9);
    const expected = oldSecretFileKind(path);
    if (expected) secrets++;
    assert.equal(secretFileKind(path), expected, JSON.stringify(path));
  }
  assert.ok(secrets > 2000, `only ${secrets} secrets: the comparison says little`);
});

test('long crafted names finish', () => {
  assert.equal(packageName('a' + ' '.repeat(200_000) + '('), 'a' + ' '.repeat(200_000) + '(');
  assert.equal(packageName('a' + ' ('.repeat(100_000) + ')'), 'a');
  assert.equal(packageName('x' + 'a:'.repeat(100_000) + ' y'), 'x' + 'a:'.repeat(100_000) + ' y');
  assert.equal(secretFileKind('privkey'.repeat(100_000) + 'x'), undefined);
  assert.equal(secretFileKind('privkey'.repeat(100_000) + '.pem'), 'private key or key store');
  assert.equal(secretFileKind('.config/gcloud/'.repeat(50_000) + 'x'), undefined);
  assert.equal(secretFileKind('a/.config/gcloud/'.repeat(50_000) + 'credentials'), 'credentials file');
});
