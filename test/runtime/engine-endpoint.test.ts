import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSockets, parseEngineHost, resolveEngineEndpoint } from '../../src/archive/engine/engine-endpoint.js';
import { CLIENT_API_VERSION, EngineClient, negotiateApiVersion } from '../../src/archive/engine/engine-client.js';
import { StreamDemuxer } from '../../src/runtime/demux.js';
import { parseDuration } from '../../src/runtime/run-options.js';

test('DOCKER_HOST forms: unix, tcp, tcp with TLS from DOCKER_CERT_PATH, and clear errors for the rest', async () => {
  assert.deepEqual(parseEngineHost('unix:///run/user/1000/docker.sock', {}), { kind: 'unix', socketPath: '/run/user/1000/docker.sock', label: 'unix:///run/user/1000/docker.sock' });
  assert.deepEqual(parseEngineHost('tcp://10.0.0.5:2375', {}), { kind: 'tcp', host: '10.0.0.5', port: 2375, label: 'tcp://10.0.0.5:2375' });
  const certs = await mkdtemp(join(tmpdir(), 'tsimage-i7-certs-'));
  try {
    await writeFile(join(certs, 'ca.pem'), 'CA');
    await writeFile(join(certs, 'cert.pem'), 'CERT');
    await writeFile(join(certs, 'key.pem'), 'KEY');
    const verified = parseEngineHost('tcp://docker.example:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    assert.equal(verified.kind, 'tcp');
    if (verified.kind === 'tcp') {
      assert.equal(verified.tls?.verify, true);
      assert.equal(verified.tls?.ca?.toString(), 'CA');
      assert.equal(verified.tls?.cert?.toString(), 'CERT');
      assert.equal(verified.tls?.key?.toString(), 'KEY');
    }
    const port2376 = parseEngineHost('tcp://docker.example:2376', { DOCKER_CERT_PATH: certs });
    assert.ok(port2376.kind === 'tcp' && port2376.tls && !port2376.tls.verify, 'port 2376 means TLS, unverified without DOCKER_TLS_VERIFY (as the docker CLI)');
    assert.throws(() => parseEngineHost('tcp://h:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(certs, 'none') }), /ca\.pem does not exist/);
  } finally {
    await rm(certs, { recursive: true, force: true });
  }
  assert.throws(() => parseEngineHost('ssh://me@host', {}), /ssh:\/\/ is not supported; forward the socket/);
  assert.throws(() => parseEngineHost('npipe:////./pipe/docker_engine', {}), /expected unix:\/\/\/path/);
});

test('Podman sockets: rootful /run/podman first as root, the rootless XDG_RUNTIME_DIR socket first otherwise', () => {
  const sockets = defaultSockets('podman', { XDG_RUNTIME_DIR: '/run/user/1000' });
  assert.deepEqual([...sockets].sort(), ['/run/podman/podman.sock', '/run/user/1000/podman/podman.sock'].sort());
  assert.equal(sockets[0], process.getuid?.() === 0 ? '/run/podman/podman.sock' : '/run/user/1000/podman/podman.sock');
  assert.deepEqual(resolveEngineEndpoint('podman', undefined, { CONTAINER_HOST: 'unix:///tmp/p.sock' }), { kind: 'unix', socketPath: '/tmp/p.sock', label: 'unix:///tmp/p.sock' });
  assert.deepEqual(resolveEngineEndpoint('docker', undefined, { DOCKER_HOST: 'tcp://127.0.0.1:2375' }), { kind: 'tcp', host: '127.0.0.1', port: 2375, label: 'tcp://127.0.0.1:2375' });
  assert.throws(() => resolveEngineEndpoint('podman', undefined, { XDG_RUNTIME_DIR: '/nonexistent' }), /no podman engine socket found.*podman system service/);
});

test('API version negotiation: min(server, ours), never below the server\'s minimum', () => {
  assert.equal(negotiateApiVersion('1.41'), '1.41', 'Docker 20.10 gets 1.41');
  assert.equal(negotiateApiVersion('1.52', '1.44'), CLIENT_API_VERSION, 'Docker 29 gets our newest, which is above its 1.44 minimum');
  assert.equal(negotiateApiVersion('1.60', '1.50'), '1.50', 'a server whose minimum is above our newest is spoken to at its minimum');
  assert.equal(negotiateApiVersion(undefined), CLIENT_API_VERSION);
});

test('the client pings unversioned, then prefixes every call with the negotiated version', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i7-sock-'));
  const socketPath = join(dir, 'engine.sock');
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/_ping') { res.writeHead(200, { 'Api-Version': '1.52' }); res.end('OK'); return; }
    if (req.url === '/version') { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify({ Version: '29.0.0', ApiVersion: '1.52', MinAPIVersion: '1.44' })); return; }
    if (req.url?.startsWith('/v1.47/containers/json')) { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('[]'); return; }
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: `client version too old: ${req.url}` }));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    const client = await EngineClient.connect({ kind: 'unix', socketPath, label: `unix://${socketPath}` });
    assert.equal(client.info.apiVersion, '1.47');
    assert.equal(client.info.version, '29.0.0');
    assert.equal(client.info.flavour, 'docker');
    assert.deepEqual(await client.json('GET', '/containers/json', { query: { all: true } }), []);
    await assert.rejects(client.json('GET', '/nope'), /GET \/nope failed \(400\): client version too old: \/v1\.47\/nope/);
    assert.deepEqual(seen, ['GET /_ping', 'GET /version', 'GET /v1.47/containers/json?all=1', 'GET /v1.47/nope']);
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the multiplexed log stream is split into stdout and stderr even when frames straddle chunks', () => {
  const frame = (stream: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  const whole = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two\n')]);
  const got: string[] = [];
  const demuxer = new StreamDemuxer((kind, payload) => got.push(`${kind}:${payload.toString()}`));
  for (let i = 0; i < whole.length; i += 3) demuxer.push(whole.subarray(i, i + 3));
  assert.deepEqual(got, ['stdout:out one\n', 'stderr:err\n', 'stdout:out two\n']);
  assert.equal(demuxer.leftover, 0);
  assert.throws(() => new StreamDemuxer(() => {}).push(Buffer.from('plain text output')), /not a multiplexed engine stream/);
});

test('--timeout durations', () => {
  assert.equal(parseDuration('60s'), 60_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5'), 1500);
  assert.equal(parseDuration('soon'), undefined);
});
