import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hasStackTrace, runCli, sample, tempDir } from '../helpers.js';
import { craftDockerArchive, packTar } from './craft.js';

const dir = tempDir('tsimage-bad-');
const file = (name: string, data: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

/** Every bad input: exit 2, exactly one line on stderr naming the file and the problem, nothing on stdout. */
async function assertRefused(args: string[], pattern: RegExp, input?: Buffer) {
  const result = await runCli(['analyze', ...args, '--format', 'json'], { input });
  assert.equal(result.code, 2, `exit code for ${args.join(' ')}: ${result.stderr}`);
  assert.equal(hasStackTrace(result.stderr), false, result.stderr);
  const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('note:'));
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0], pattern);
  assert.equal(result.stdout, '');
}

const okLayer = { entries: [{ name: 'etc/', type: 'directory' as const }, { name: 'etc/greeting', content: 'payload-bytes\n' }] };

test('a file that is no archive', async () => {
  await assertRefused([file('notes.txt', 'just some text, not a tar archive at all '.repeat(20))], /notes\.txt: not a tar archive/);
});

test('an empty file', async () => {
  await assertRefused([file('empty.tar', '')], /empty\.tar: empty file/);
});

test('a missing file', async () => {
  await assertRefused([join(dir, 'absent.tar')], /absent\.tar: no such file/);
});

test('a truncated archive', async () => {
  const whole = readFileSync(sample('waste.docker.tar'));
  await assertRefused([file('truncated.tar', whole.subarray(0, Math.floor(whole.length / 2)))], /truncated\.tar: truncated archive/);
});

test('a tar that holds no image', async () => {
  await assertRefused([file('other.tar', await packTar([{ name: 'readme.md', content: '# hi' }, { name: 'data.json', content: '{}' }]))], /not a container image archive/);
});

test('manifest.json that is null', async () => {
  await assertRefused([file('null.tar', await craftDockerArchive([okLayer], { manifest: null }))], /manifest\.json lists no images \(it is null\)/);
});

test('a layer listed in the manifest but missing from the archive', async () => {
  const archive = await craftDockerArchive([okLayer], { manifest: [{ Config: 'x.json', Layers: ['nope/layer.tar'] }], extra: [{ name: 'x.json', content: '{"rootfs":{"diff_ids":["sha256:00"]}}' }] });
  await assertRefused([file('missing-blob.tar', archive)], /missing nope\/layer\.tar in the archive/);
});

test('a layer whose bytes do not match its diff_id', async () => {
  const archive = await craftDockerArchive([{ ...okLayer, corrupt: (b) => { const c = Buffer.from(b); c[c.indexOf('payload-bytes')] = 0x4a; return c; } }]);
  await assertRefused([file('mismatch.tar', archive)], /mismatch\.tar: diff_id mismatch for layer 0/);
});

test('corrupt gzip data in a layer', async () => {
  const big = { entries: [{ name: 'blob', content: Buffer.alloc(200000, 'abcdefgh') }], gzip: true, corrupt: (b: Buffer) => { const c = Buffer.from(b); for (let i = 40; i < 60; i++) c[i] ^= 0xff; return c; } };
  await assertRefused([file('corrupt-gzip.tar', await craftDockerArchive([big]))], /corrupt-gzip\.tar: layer 0 .*(corrupt or truncated gzip|not a valid tar|diff_id mismatch)/);
});

test('corrupt zstd data in an OCI layout directory', async () => {
  const copy = join(dir, 'corrupt-zstd');
  cpSync(sample('waste.oci-zstd'), copy, { recursive: true });
  const blobs = join(copy, 'blobs/sha256');
  const largest = readdirSync(blobs).map((n) => join(blobs, n)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const bytes = readFileSync(largest);
  for (let i = 100; i < 400; i++) bytes[i] ^= 0x5a;
  writeFileSync(largest, bytes);
  await assertRefused([copy], /corrupt-zstd: layer \d+ .*(corrupt zstd|zstd|not a valid tar|digest mismatch)/);
});

test('a blob whose content does not hash to its name', async () => {
  const copy = join(dir, 'tampered-oci');
  cpSync(sample('waste.oci-zstd'), copy, { recursive: true });
  const index = JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8'));
  const manifestPath = join(copy, 'blobs/sha256', index.manifests[0].digest.slice(7));
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const layerPath = join(copy, 'blobs/sha256', manifest.layers[1].digest.slice(7));
  writeFileSync(layerPath, readFileSync(join(copy, 'blobs/sha256', manifest.layers[2].digest.slice(7))));
  await assertRefused([copy], /tampered-oci: .*(digest mismatch|size mismatch) for layer 1/);
});

test('an index with no manifest for the asked platform lists what it has', async () => {
  await assertRefused([sample('waste.oci.tar'), '--platform', 'linux/s390x'], /no image for platform linux\/s390x \(available: linux\/amd64\)/);
});

test('hostile entry names in a layer: ../, absolute, NUL', async () => {
  for (const [name, entry] of [
    ['dotdot', { name: '../../etc/x', content: 'pwned' }],
    ['absolute', { name: '/etc/x', content: 'pwned' }],
    ['nul', { name: 'etc/x', content: 'pwned', pax: { path: 'etc/x\u0000y' } }],
  ] as const) {
    const archive = await craftDockerArchive([{ entries: [entry] }]);
    await assertRefused([file(`hostile-${name}.tar`, archive)], /hostile entry name/);
  }
});

test('a path nested deeper than any unpackable one is refused; the deepest that fits PATH_MAX is analysed in every format', async () => {
  // 20,000 levels ran dive's figures and the size tree out of stack ("internal error: Maximum call stack size exceeded").
  const nested = (levels: number) => Array.from({ length: levels - 1 }, () => 'a').join('/') + '/f';
  const tooDeep = await craftDockerArchive([{ entries: [{ name: nested(20_000), content: 'x' }] }, { entries: [{ name: 'a/.wh.a', content: '' }] }]);
  await assertRefused([file('too-deep.tar', tooDeep)], /hostile entry name nested 20000 levels deep .*PATH_MAX/);
  const deepest = file('deepest.tar', await craftDockerArchive([{ entries: [{ name: nested(2048), content: 'x' }] }, { entries: [{ name: 'a/.wh.a', content: '' }] }]));
  assert.equal(nested(2048).length, 4095);
  for (const format of ['text', 'json', 'sarif', 'html']) {
    const result = await runCli(['analyze', deepest, '--format', format, '--fail-on', 'none']);
    assert.equal(result.code, 0, `${format}: ${result.stderr}`);
  }
});

test('a symlink loop between layer.tar members of the archive', async () => {
  const archive = await craftDockerArchive([okLayer], {
    manifest: [{ Config: 'c.json', Layers: ['a/layer.tar'] }],
    extra: [
      { name: 'c.json', content: '{"rootfs":{"diff_ids":["sha256:00"]}}' },
      { name: 'a/layer.tar', type: 'symlink', linkname: '../b/layer.tar' },
      { name: 'b/layer.tar', type: 'symlink', linkname: '../a/layer.tar' },
    ],
  });
  await assertRefused([file('loop.tar', archive)], /loop\.tar: (symlink loop|missing a\/layer\.tar)/);
});

test('a decompression bomb is refused early, with a bounded amount of work', async () => {
  // 200 MB of zeros in one file gzips to ~200 kB: a ratio near 1000, far past any real layer.
  const plain = await packTar([{ name: 'zeros', content: Buffer.alloc(200 * 1024 * 1024) }]);
  const archive = await craftDockerArchive([{ entries: [], raw: gzipSync(plain, { level: 9 }), diffIdOverride: 'sha256:' + '0'.repeat(64) }]);
  await assertRefused([file('bomb.tar', archive)], /bomb\.tar: layer 0 .*decompression bomb/);
  await assertRefused([file('bomb2.tar', archive), '--max-expand-ratio', '100000', '--max-layer-size', '100MB'], /expands past 100000000 bytes/);
});

test('garbage on stdin', async () => {
  await assertRefused(['-'], /^tsimage: -: not a tar archive or a compressed tar/, Buffer.from('this is not an archive'.repeat(40)));
});
