import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import rule from '../../rules/add-remote-url.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { rmSync } from 'node:fs';
import { buildTestImage, contextOf } from './images.js';

test('fires for ADD <url> without --checksum; not for a pinned one or a local file', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'ADD https://example.com/tool.tgz /opt/tool.tgz', files: { 'opt/tool.tgz': 500 } }] });
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.paths]), [[1, ['opt/tool.tgz']]]);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'ADD --checksum=sha256:abcd https://example.com/t.tgz /t.tgz', files: { 't.tgz': 1 } }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'ADD t.tgz /t', files: { 't/x': 1 } }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: `ADD file:${'c'.repeat(64)} in /t`, files: { t: 1 } }] }), []);
});

test('legacy history: `ADD <sha> in /dest` (no file: prefix) is a download', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: `ADD ${'e'.repeat(64)} in /opt/tool.sh`, files: { 'opt/tool.sh': 17 } }] });
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /legacy builder does not record which/);
});

// The legacy builder records a URL download as `ADD <sha> in /dest` (the URL is gone from the history), so
// the real-image case is BuildKit's, which keeps the URL. dockerd itself fetches ADD URLs, from the host's network: a server on 127.0.0.1 here is reachable.
test('real image (BuildKit): ADD of a URL served by this test', async (t) => {
  const reason = await busyboxBaseUnavailable();
  if (reason) return t.skip(reason);
  const server = createServer((_req, res) => res.end('downloaded bytes\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let archive: string | undefined;
  try {
    archive = await buildTestImage({
      name: 'add-url',
      builder: 'buildkit',
      dockerfile: `FROM ${BUSYBOX_BASE}\nADD http://127.0.0.1:${port}/tool.sh /opt/tool.sh\nUSER app\n`,
      context: {},
    });
    const findings = check(rule, await contextOf(archive));
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, new RegExp(`http://127\\.0\\.0\\.1:${port}/tool\\.sh`));
    assert.deepEqual(findings[0].paths, ['opt/tool.sh']);
  } finally {
    server.close();
    // The port is in the Dockerfile, so this archive is never reused.
    if (archive) rmSync(archive, { force: true });
  }
});
