import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import http from 'node:http';
import { createSign, X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasStackTrace, runCli, sample } from '../helpers.js';

const run = promisify(execFile);

/**
 * registry:// against Debian's docker-registry (distribution) on 127.0.0.1, started here on free ports with
 * temporary storage: one open, one behind htpasswd basic auth. Images are pushed with skopeo from the
 * committed samples, and each model read from the registry must equal the one read from the sample file.
 */
const REGISTRY = '/usr/bin/docker-registry';
const missing = [REGISTRY, '/usr/bin/skopeo', '/usr/bin/htpasswd', '/usr/bin/openssl'].filter((tool) => !existsSync(tool));
const skip = missing.length ? `missing ${missing.join(', ')} (apt-get install docker-registry skopeo apache2-utils)` : false;
if (skip) console.log(`# skipping registry:// tests: ${skip}`);

let dir: string;
const servers: ChildProcess[] = [];
let open = '';
let locked = '';
let tokened = '';
let tokenServer: http.Server | undefined;
const tokenRequests: { scope: string; user?: string }[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts a registry and waits until it answers /v2/ (401 counts: it is up and asking for a login). */
async function startRegistry(name: string, htpasswd?: string, token?: { realm: string; cert: string }): Promise<string> {
  const port = await freePort();
  const config = join(dir, `${name}.yml`);
  await writeFile(config, [
    'version: 0.1',
    'log:', '  level: error',
    'storage:', '  filesystem:', `    rootdirectory: ${join(dir, `${name}-data`)}`,
    'http:', `  addr: 127.0.0.1:${port}`,
    ...(htpasswd ? ['auth:', '  htpasswd:', '    realm: tsimage-test', `    path: ${htpasswd}`] : []),
    ...(token ? ['auth:', '  token:', `    realm: ${token.realm}`, '    service: tsimage-test', '    issuer: tsimage-test-issuer', `    rootcertbundle: ${token.cert}`] : []),
  ].join('\n') + '\n');
  const child = spawn(REGISTRY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    const status = await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0);
    if (status === 200 || status === 401) return host;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on ${host}: ${stderr}`);
}

async function push(source: string, destination: string, extra: string[] = []): Promise<void> {
  await run('/usr/bin/skopeo', ['copy', '--quiet', '--dest-tls-verify=false', ...extra, source, `docker://${destination}`]);
}

/**
 * A token service as the distribution token spec describes it: it signs an RS256 JWT (certificate in `x5c`)
 * granting what the scope asks; the registry verifies it against the certificate in its config.
 * Repositories under `private/` need the basic-auth login tester:s3cret, like a real service's accounts.
 */
async function startTokenService(): Promise<{ realm: string; cert: string }> {
  const key = join(dir, 'token.key');
  const certFile = join(dir, 'token.crt');
  await run('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certFile, '-days', '2', '-subj', '/CN=tsimage-token']);
  const privateKey = await readFile(key);
  const cert = new X509Certificate(await readFile(certFile));
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  tokenServer = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const scope = url.searchParams.get('scope') ?? '';
    const basic = request.headers.authorization?.startsWith('Basic ') ? Buffer.from(request.headers.authorization.slice(6), 'base64').toString() : undefined;
    tokenRequests.push({ scope, user: basic?.split(':')[0] });
    const [, name = '', actions = ''] = scope.split(':');
    if (name.startsWith('private/') && basic !== 'tester:s3cret') {
      response.writeHead(401).end('{"details":"login required"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const input = b64({ alg: 'RS256', typ: 'JWT', x5c: [cert.raw.toString('base64')] }) + '.' + b64({
      iss: 'tsimage-test-issuer', sub: basic?.split(':')[0] ?? '', aud: url.searchParams.get('service'),
      exp: now + 600, nbf: now - 60, iat: now, jti: String(tokenRequests.length),
      access: name ? [{ type: 'repository', name, actions: actions.split(',') }] : [],
    });
    const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ token: `${input}.${signature}` }));
  });
  const port = await new Promise<number>((resolve) => tokenServer!.listen(0, '127.0.0.1', () => resolve((tokenServer!.address() as { port: number }).port)));
  return { realm: `http://127.0.0.1:${port}/token`, cert: certFile };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsimage-registry-'));
  if (skip) return;
  tokened = await startRegistry('tokened', undefined, await startTokenService());
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${tokened}/sample/waste:1`);
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${tokened}/private/waste:1`, ['--dest-creds', 'tester:s3cret']);
  open = await startRegistry('open');
  await run('/usr/bin/htpasswd', ['-Bbc', join(dir, 'htpasswd'), 'tester', 's3cret']);
  locked = await startRegistry('locked', join(dir, 'htpasswd'));
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${open}/sample/waste:1`);
  await push(`oci-archive:${sample('multiarch.oci.tar')}`, `${open}/sample/multi:1`, ['--all']);
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${locked}/sample/waste:1`, ['--dest-creds', 'tester:s3cret']);
});

after(async () => {
  for (const child of servers) child.kill();
  tokenServer?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The JSON report with the fields that name where the image came from set aside, and its name put back. */
function comparable(stdout: string, name?: string): unknown {
  const text = name ? stdout.split(name).join('tsimage-sample/waste:1') : stdout;
  const report = JSON.parse(text) as { image: Record<string, unknown> };
  delete report.image.source;
  delete report.image.format;
  return report;
}

test('registry:// gives the model the oci-archive gives, every layer verified by digest', { skip }, async () => {
  const fromRegistry = await runCli(['analyze', `registry://${open}/sample/waste:1`, '--insecure', '--format', 'json']);
  const fromFile = await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json']);
  assert.equal(fromRegistry.code, fromFile.code, fromRegistry.stderr);
  const parsed = JSON.parse(fromRegistry.stdout);
  assert.equal(parsed.image.format, 'registry');
  assert.deepEqual(parsed.image.tags, [`${open}/sample/waste:1`]);
  assert.deepEqual(comparable(fromRegistry.stdout, `${open}/sample/waste:1`), comparable(fromFile.stdout));
});

test('an index resolves with --platform, as for the file', { skip }, async () => {
  for (const platform of ['linux/arm64', 'linux/arm/v7']) {
    const fromRegistry = await runCli(['analyze', `registry://${open}/sample/multi:1`, '--insecure', '--platform', platform, '--format', 'json']);
    const fromFile = await runCli(['analyze', sample('multiarch.oci.tar'), '--platform', platform, '--format', 'json']);
    assert.equal(fromRegistry.code, fromFile.code, fromRegistry.stderr);
    const a = JSON.parse(fromRegistry.stdout);
    const b = JSON.parse(fromFile.stdout);
    assert.equal(a.image.digest, b.image.digest);
    assert.equal(a.image.manifestDigest, b.image.manifestDigest);
    assert.deepEqual(a.layers, b.layers);
  }
  const list = await runCli(['analyze', `registry://${open}/sample/multi:1`, '--insecure', '--list-platforms']);
  assert.equal(list.stdout, 'linux/amd64\nlinux/arm64/v8\nlinux/arm/v7\n');
});

test('basic auth: credentials from REGISTRY_AUTH_FILE; none or a wrong one is one line, exit 2', { skip }, async () => {
  const good = join(dir, 'auth.json');
  await writeFile(good, JSON.stringify({ auths: { [locked]: { auth: Buffer.from('tester:s3cret').toString('base64') } } }));
  const env = { REGISTRY_AUTH_FILE: good, XDG_RUNTIME_DIR: dir, DOCKER_CONFIG: dir, HOME: dir };
  const ok = await runCli(['analyze', `registry://${locked}/sample/waste:1`, '--insecure', '--format', 'json'], { env });
  assert.equal(ok.code === 0 || ok.code === 1, true, ok.stderr);
  assert.deepEqual(comparable(ok.stdout, `${locked}/sample/waste:1`), comparable((await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json'])).stdout));
  // The same login found in docker's config.json instead.
  await writeFile(join(dir, 'config.json'), await readFile(good));
  const viaDockerConfig = await runCli(['analyze', `registry://${locked}/sample/waste:1`, '--insecure', '--format', 'json'], { env: { ...env, REGISTRY_AUTH_FILE: join(dir, 'absent.json') } });
  assert.equal(viaDockerConfig.code === 0 || viaDockerConfig.code === 1, true, viaDockerConfig.stderr);
  await rm(join(dir, 'config.json'));
  // A credential helper named in config.json, speaking the docker-credential protocol (server on stdin, JSON out).
  const helper = join(dir, 'docker-credential-tsimagetest');
  await writeFile(helper, `#!/bin/sh\n[ "$1" = get ] || exit 1\nread server\n[ "$server" = "${locked}" ] || exit 1\necho '{"ServerURL":"${locked}","Username":"tester","Secret":"s3cret"}'\n`, { mode: 0o755 });
  await writeFile(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [locked]: 'tsimagetest' } }));
  const viaHelper = await runCli(['analyze', `registry://${locked}/sample/waste:1`, '--insecure', '--format', 'json'], { env: { ...env, REGISTRY_AUTH_FILE: join(dir, 'absent.json'), PATH: `${dir}:${process.env.PATH}` } });
  assert.equal(viaHelper.code === 0 || viaHelper.code === 1, true, viaHelper.stderr);
  await rm(join(dir, 'config.json'));

  const none = await runCli(['analyze', `registry://${locked}/sample/waste:1`, '--insecure'], { env: { ...env, REGISTRY_AUTH_FILE: join(dir, 'absent.json') } });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^tsimage: registry:\/\/\S+: the registry \S+ asks for a login and no auth file has one for it/);
  const bad = join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify({ auths: { [locked]: { auth: Buffer.from('tester:wrong').toString('base64') } } }));
  const refused = await runCli(['analyze', `registry://${locked}/sample/waste:1`, '--insecure'], { env: { ...env, REGISTRY_AUTH_FILE: bad } });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /refused access to sample\/waste \(401/);
  assert.ok(!refused.stderr.includes('wrong') && !refused.stderr.includes('s3cret'), 'no secret in the output');
  for (const result of [none, refused]) {
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(!hasStackTrace(result.stderr));
  }
});

test('bad references: unknown tag, no server, TLS to a plain-HTTP registry, --insecure off localhost', { skip }, async () => {
  const cases: [string[], RegExp][] = [
    [['analyze', `registry://${open}/sample/waste:9`, '--insecure'], /: the registry \S+ has no tag 9 in sample\/waste/],
    [['analyze', `registry://${open}/sample/absent:1`, '--insecure'], /has no tag 1 in sample\/absent/],
    [['analyze', `registry://127.0.0.1:${await freePort()}/sample/waste:1`, '--insecure'], /cannot reach the registry 127\.0\.0\.1:\d+ \(.*ECONNREFUSED/],
    [['analyze', `registry://${open}/sample/waste:1`], /cannot reach the registry .*; for a plain-HTTP registry on localhost add --insecure$/m],
    [['analyze', 'registry://registry.example/sample/waste:1', '--insecure'], /--insecure \(plain HTTP\) is allowed for localhost only, not registry\.example$/m],
    [['analyze', 'registry://127.0.0.1/Bad Name:1', '--insecure'], /not a registry reference/],
  ];
  for (const [args, pattern] of cases) {
    const result = await runCli(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
});

test('a layer the registry lost or serves corrupt: one line naming the blob, exit 2', { skip }, async () => {
  // A registry of its own, so damaging its storage touches no other test's images.
  const damaged = await startRegistry('damaged');
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${damaged}/sample/waste:1`);
  const manifest = JSON.parse((await runCli(['analyze', `registry://${damaged}/sample/waste:1`, '--insecure', '--format', 'json', '--no-cache'])).stdout);
  const layer = manifest.layers[3].digest.replace('sha256:', '') as string;
  const blobData = join(dir, 'damaged-data', 'docker', 'registry', 'v2', 'blobs', 'sha256', layer.slice(0, 2), layer, 'data');
  const original = await readFile(blobData);
  const corrupt = Buffer.from(original);
  corrupt[corrupt.length - 20] ^= 0xff;
  await writeFile(blobData, corrupt);
  const bad = await runCli(['analyze', `registry://${damaged}/sample/waste:1`, '--insecure', '--no-cache']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, new RegExp(`(digest mismatch for layer 3|layer sha256:${layer})`));
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);

  await rm(join(dir, 'damaged-data', 'docker', 'registry', 'v2', 'blobs', 'sha256', layer.slice(0, 2), layer), { recursive: true });
  const lost = await runCli(['analyze', `registry://${damaged}/sample/waste:1`, '--insecure', '--no-cache']);
  assert.equal(lost.code, 2);
  assert.match(lost.stderr, new RegExp(`has no blob sha256:${layer} in sample/waste`));
  assert.equal(lost.stderr.trim().split('\n').length, 1, lost.stderr);
  assert.ok((await readdir(dir)).length > 0);
});

test('bearer tokens from the WWW-Authenticate challenge: anonymous, and with a login where the service wants one', { skip }, async () => {
  const fromFile = comparable((await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json'])).stdout);
  tokenRequests.length = 0;
  const anonymous = await runCli(['analyze', `registry://${tokened}/sample/waste:1`, '--insecure', '--format', 'json'], { env: { REGISTRY_AUTH_FILE: join(dir, 'absent.json'), XDG_RUNTIME_DIR: dir, DOCKER_CONFIG: dir, HOME: dir } });
  assert.equal(anonymous.code === 0 || anonymous.code === 1, true, anonymous.stderr);
  assert.deepEqual(comparable(anonymous.stdout, `${tokened}/sample/waste:1`), fromFile);
  assert.deepEqual(tokenRequests, [{ scope: 'repository:sample/waste:pull', user: undefined }], 'one anonymous pull token served the whole read');

  const env = { REGISTRY_AUTH_FILE: join(dir, 'token-auth.json'), XDG_RUNTIME_DIR: dir, DOCKER_CONFIG: dir, HOME: dir };
  await writeFile(env.REGISTRY_AUTH_FILE, JSON.stringify({ auths: { [`http://${tokened}`]: { auth: Buffer.from('tester:s3cret').toString('base64') } } }));
  const withLogin = await runCli(['analyze', `registry://${tokened}/private/waste:1`, '--insecure', '--format', 'json'], { env });
  assert.equal(withLogin.code === 0 || withLogin.code === 1, true, withLogin.stderr);
  assert.deepEqual(comparable(withLogin.stdout, `${tokened}/private/waste:1`), fromFile);

  const refused = await runCli(['analyze', `registry://${tokened}/private/waste:1`, '--insecure'], { env: { ...env, REGISTRY_AUTH_FILE: join(dir, 'absent.json') } });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^tsimage: registry:\/\/\S+: the token service 127\.0\.0\.1:\d+ refused an anonymous pull \(401\)$/m);
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
});

test('the layer cache: a second read of a registry image fetches no layer (the registry has lost them all, and it still reads)', { skip }, async () => {
  const gone = await startRegistry('gone');
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${gone}/sample/waste:1`);
  const cacheDir = join(dir, 'gone-cache');
  const first = await runCli(['analyze', `registry://${gone}/sample/waste:1`, '--insecure', '--format', 'json', '--cache-dir', cacheDir]);
  assert.equal(first.code === 0 || first.code === 1, true, first.stderr);
  const layers = (JSON.parse(first.stdout) as { layers: { digest: string }[] }).layers.map((l) => l.digest.replace('sha256:', ''));
  for (const layer of layers) await rm(join(dir, 'gone-data', 'docker', 'registry', 'v2', 'blobs', 'sha256', layer.slice(0, 2), layer), { recursive: true, force: true });
  const second = await runCli(['analyze', `registry://${gone}/sample/waste:1`, '--insecure', '--format', 'json', '--cache-dir', cacheDir]);
  assert.equal(second.code, first.code, second.stderr);
  assert.equal(second.stdout, first.stdout);
  // Without the cache the same read needs the blobs, which proves the second run fetched none.
  const uncached = await runCli(['analyze', `registry://${gone}/sample/waste:1`, '--insecure', '--no-cache']);
  assert.equal(uncached.code, 2);
  assert.match(uncached.stderr, /has no blob sha256:[a-f0-9]{64} in sample\/waste/);
});

test('dockerfile --quick reads the config and history only: no layer is fetched (the registry has none left)', { skip }, async () => {
  const bare = await startRegistry('bare');
  await push(`oci-archive:${sample('waste.oci.tar')}`, `${bare}/sample/waste:1`);
  const fromFile = await runCli(['dockerfile', '--quick', sample('waste.oci.tar')]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const blobs = join(dir, 'bare-data', 'docker', 'registry', 'v2', 'blobs', 'sha256');
  const manifest = JSON.parse((await runCli(['analyze', `registry://${bare}/sample/waste:1`, '--insecure', '--format', 'json', '--no-cache'])).stdout) as { layers: { digest: string }[] };
  for (const { digest } of manifest.layers) {
    const hex = digest.replace('sha256:', '');
    await rm(join(blobs, hex.slice(0, 2), hex), { recursive: true, force: true });
  }
  const quick = await runCli(['dockerfile', '--quick', `registry://${bare}/sample/waste:1`, '--insecure', '--no-cache']);
  assert.equal(quick.code, 0, quick.stderr);
  assert.equal(quick.stdout.split(`${bare}/sample/waste:1`).join('tsimage-sample/waste:1'), fromFile.stdout);
  assert.match(quick.stderr, /no layer was read \(--quick\)/);
  const full = await runCli(['dockerfile', `registry://${bare}/sample/waste:1`, '--insecure', '--no-cache']);
  assert.equal(full.code, 2, 'without --quick the layers are needed, and they are gone');
  assert.match(full.stderr, /has no blob sha256:/);
});

/**
 * A proxy in front of the open registry that cuts each layer-sized blob download after `cutAfter` bytes for the first
 * `cuts` requests of it (Range requests included), then passes requests through; `down` refuses everything
 * after the first cut, as a registry that went away mid-layer.
 */
/** Configs and manifests are smaller than this; the sample's larger layers are not. */
const LAYER_SIZED = 50_000;

async function startCuttingProxy(upstream: string, options: { cutAfter: number; cuts: number; down?: boolean }) {
  const seen: { range?: string; status?: number }[] = [];
  let cut = 0;
  let wentDown = false;
  const server = http.createServer((request, response) => {
    if (wentDown) { request.socket.destroy(); return; }
    const isBlob = /\/blobs\/sha256:/.test(request.url ?? '');
    const headers = { ...request.headers, host: upstream };
    const forward = http.request({ host: upstream.split(':')[0], port: Number(upstream.split(':')[1]), path: request.url, method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      if (isBlob) seen.push({ range: request.headers.range, status: answer.statusCode });
      const length = Number(answer.headers['content-length'] ?? 0);
      if (!isBlob || cut >= options.cuts || (answer.statusCode ?? 0) >= 300 || length <= Math.max(options.cutAfter, LAYER_SIZED)) { answer.pipe(response); return; }
      cut++;
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent >= options.cutAfter) return;
        const part = chunk.subarray(0, options.cutAfter - sent);
        sent += part.length;
        response.write(part);
        if (sent >= options.cutAfter) {
          if (options.down) wentDown = true;
          answer.destroy();
          // Later, so the client has the headers and is reading the body when the connection drops.
          setTimeout(() => response.socket?.destroy(), 200);
        }
      });
      answer.on('end', () => response.end());
    });
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return { host: `127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

test('--from registry reads a name without a scheme from the registry; a scheme that contradicts it is a usage error', { skip }, async () => {
  const viaScheme = await runCli(['analyze', `registry://${open}/sample/waste:1`, '--insecure', '--format', 'json']);
  const viaFrom = await runCli(['analyze', `${open}/sample/waste:1`, '--from', 'registry', '--insecure', '--format', 'json']);
  assert.equal(viaFrom.code, viaScheme.code, viaFrom.stderr);
  assert.equal(viaFrom.stdout, viaScheme.stdout);
  const contradiction = await runCli(['analyze', `docker://busybox:1`, '--from', 'registry']);
  assert.equal(contradiction.code, 2);
  assert.match(contradiction.stderr, /--from registry contradicts docker:\/\/busybox:1/);
  const notAFile = await runCli(['analyze', 'no-such-image:1', '--from', 'file']);
  assert.equal(notAFile.code, 2);
  assert.match(notAFile.stderr, /no such file or directory/);
});

test('a layer download cut off midway is resumed where it stopped, and the model is the same', { skip }, async () => {
  const proxy = await startCuttingProxy(open, { cutAfter: 1000, cuts: 2 });
  try {
    const fromFile = await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json']);
    const result = await runCli(['analyze', `registry://${proxy.host}/sample/waste:1`, '--insecure', '--format', 'json', '--no-cache']);
    assert.equal(result.code, fromFile.code, result.stderr);
    assert.deepEqual(comparable(result.stdout, `${proxy.host}/sample/waste:1`), comparable(fromFile.stdout));
    assert.ok(proxy.seen.some((s) => s.range === 'bytes=1000-' && s.status === 206), `resumed with a Range request: ${JSON.stringify(proxy.seen)}`);
  } finally {
    await proxy.close();
  }
});

test('the registry going down mid-layer: retries, then one line naming the layer and how far it got, exit 2', { skip }, async () => {
  const proxy = await startCuttingProxy(open, { cutAfter: 1000, cuts: 1, down: true });
  try {
    const result = await runCli(['analyze', `registry://${proxy.host}/sample/waste:1`, '--insecure', '--no-cache']);
    assert.equal(result.code, 2, result.stderr);
    // The cut layer says how far it got; a layer whose download had not begun says the registry is gone.
    assert.match(result.stderr, /^tsimage: registry:\/\/\S+: (layer sha256:[a-f0-9]{64}: the download broke off after 1000 bytes and could not be resumed: )?cannot reach the registry/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(!hasStackTrace(result.stderr));
  } finally {
    await proxy.close();
  }
});
