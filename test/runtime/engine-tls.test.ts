import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import https from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseEngineHost } from '../../src/archive/engine/engine-endpoint.js';
import { EngineClient } from '../../src/archive/engine/engine-client.js';

const exec = promisify(execFile);
const skip = await exec('openssl', ['version']).then(() => undefined, () => 'openssl is not installed (it makes the test certificates)');
if (skip) console.log(`# skipping engine TLS test: ${skip}`);

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `dockerd --tlsverify` setups use. */
async function makeCertificates(dir: string): Promise<void> {
  const ssl = (...args: string[]) => exec('openssl', args, { cwd: dir });
  await ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tsimage test CA');
  await writeFile(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  await ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'server-cert.pem', '-days', '2', '-extfile', 'server.ext');
  await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  await ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'client.csr', '-subj', '/CN=client');
  await ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'cert.pem', '-days', '2', '-extfile', 'client.ext');
}

test('tcp:// with DOCKER_TLS_VERIFY: the server is verified against ca.pem and the client presents cert.pem', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i7-tls-'));
  const clients: string[] = [];
  try {
    await makeCertificates(dir);
    const tlsServer = https.createServer({
      key: await readFile(join(dir, 'server-key.pem')),
      cert: await readFile(join(dir, 'server-cert.pem')),
      ca: await readFile(join(dir, 'ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
    }, (req, res) => {
      clients.push(String((req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN ?? ''));
      if (req.url === '/_ping') { res.writeHead(200, { 'Api-Version': '1.41' }); res.end('OK'); return; }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Version: 'tls-test', ApiVersion: '1.41', MinAPIVersion: '1.12' }));
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const port = (tlsServer.address() as AddressInfo).port;
    try {
      const endpoint = parseEngineHost(`tcp://127.0.0.1:${port}`, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
      const client = await EngineClient.connect(endpoint);
      assert.equal(client.info.version, 'tls-test');
      assert.equal(client.info.apiVersion, '1.41');
      assert.deepEqual(clients, ['client', 'client'], 'the client certificate was presented on every request');
      assert.match(client.info.endpoint, /\(TLS, verified\)/);

      // Another CA: the server's certificate must be refused.
      const other = await mkdtemp(join(tmpdir(), 'tsimage-i7-tls-other-'));
      try {
        await exec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=other CA'], { cwd: other });
        const wrong = parseEngineHost(`tcp://127.0.0.1:${port}`, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: other });
        await assert.rejects(EngineClient.connect(wrong), /cannot reach the engine at tcp:\/\/127\.0\.0\.1:\d+ \(TLS, verified\) \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|[A-Z_]+)\)/);
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    } finally {
      tlsServer.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
