/**
 * Golden Dockerfiles: `tsimage dockerfile` on every committed sample, as a user runs it.
 * UPDATE_GOLDEN=1 rewrites them; review the diff like any other change to output.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoRoot, runCli } from '../../helpers.js';

const goldenDir = `${repoRoot}test/golden/dockerfile`;
const update = process.env.UPDATE_GOLDEN === '1';

const cases: { name: string; args: string[] }[] = [
  { name: 'buildkit', args: ['samples/buildkit.docker.tar'] },
  { name: 'legacy', args: ['samples/legacy.docker.tar'] },
  { name: 'waste', args: ['samples/waste.docker.tar'] },
  { name: 'waste.sizes', args: ['samples/waste.docker.tar', '--sizes'] },
  { name: 'good', args: ['samples/good.docker.tar'] },
  { name: 'waste-oci-zstd', args: ['samples/waste.oci-zstd'] },
  { name: 'multiarch', args: ['samples/multiarch.oci', '--platform', 'linux/arm64'] },
  { name: 'export', args: ['samples/export.tar'] },
];

for (const c of cases) {
  test(`tsimage dockerfile ${c.args.join(' ')} matches test/golden/dockerfile/${c.name}.Dockerfile`, async () => {
    const result = await runCli(['dockerfile', ...c.args]);
    assert.equal(result.code, 0, result.stderr);
    const file = `${goldenDir}/${c.name}.Dockerfile`;
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, result.stdout);
      return;
    }
    assert.ok(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`);
    assert.equal(result.stdout, readFileSync(file, 'utf8'), `output differs from ${file} (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test('the golden Dockerfiles say what the issue asks of them', () => {
  const read = (name: string) => readFileSync(`${goldenDir}/${name}.Dockerfile`, 'utf8');
  const legacy = read('legacy');
  // Hidden legacy COPY sources are named from the layers' files.
  assert.match(legacy, /^COPY start\.sh \/opt\/app\/start\.sh$/m);
  assert.match(legacy, /^ADD notes\.txt \/opt\/app\/notes\.txt$/m);
  assert.doesNotMatch(legacy, /file:[0-9a-f]{64}/);
  // The base is a comment block under a FROM best guess.
  for (const name of ['legacy', 'buildkit', 'waste', 'good']) {
    const text = read(name);
    assert.match(text, /^#   ADD rootfs\.tar \/ {2}\(1\.98 MB, layer 0\)$/m, name);
    assert.equal(text.match(/^FROM /gm)?.length, 1, name);
    assert.match(text, /^FROM busybox:1\.35$/m, name);
  }
  const buildkit = read('buildkit');
  assert.match(buildkit, /^EXPOSE 53\/udp 8080$/m);
  assert.match(buildkit, /^HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD \["\/bin\/sh", "-c", "test -f \/opt\/app\/build-info\.txt"\]$/m);
  assert.match(buildkit, /^RUN echo "version=\$\{VERSION\} flavor=\$\{FLAVOR\}" > build-info\.txt$/m);
  assert.match(buildkit, /^ONBUILD RUN echo "child build of the tsimage buildkit sample"$/m);
  assert.match(buildkit, /--build-arg VERSION=1\.2\.3/);
  // Long RUN lines are broken at && with continuations.
  assert.match(read('waste'), /^RUN mkdir -p \/data\/sub \\\n {4}&& head -c 1000 \/dev\/urandom > \/data\/a\.bin \\\n/m);
  // --sizes: each layer's size.
  assert.match(read('waste.sizes'), /^RUN head -c 300000 \/dev\/urandom > \/srv\/app\/big\.bin {2}# 300 kB \(layer 2\)$/m);
  // good: --chown recovered from the layer's owners.
  assert.match(read('good'), /^COPY --chown=10001:10001 run\.sh \/app\/run\.sh$/m);
  // buildah: FROM named by its history comment; its own entry kept verbatim as a comment.
  const multiarch = read('multiarch');
  assert.match(multiarch, /^FROM localhost\/tsimage-sample\/good:1$/m);
  assert.match(multiarch, /^# buildah config --os linux --arch arm64 --variant v8 && buildah copy platform\.txt \/etc\/tsimage-platform$/m);
  // docker export: no history, said so.
  assert.match(read('export'), /no config and no build history/);
});

test('analyze carries the Dockerfile: JSON fields and a terminal heading', async () => {
  const json = await runCli(['analyze', 'samples/legacy.docker.tar', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { dockerfile: string; instructions: Record<string, unknown>[]; history: unknown[] };
  assert.equal(report.dockerfile, readFileSync(`${goldenDir}/legacy.Dockerfile`, 'utf8'));
  assert.equal(report.instructions.length, report.history.length);
  const copy = report.instructions.find((i) => i.instruction === 'COPY' && String(i.arguments).startsWith('start.sh'))!;
  assert.deepEqual(
    { instruction: copy.instruction, arguments: copy.arguments, layerIndex: copy.layerIndex, historyIndex: copy.historyIndex, bytes: copy.bytes, inherited: copy.inherited },
    { instruction: 'COPY', arguments: 'start.sh /opt/app/start.sh', layerIndex: 6, historyIndex: 10, bytes: 184, inherited: false },
  );
  assert.deepEqual(report.instructions.filter((i) => i.inherited).map((i) => i.historyIndex), [0]);
  const text = await runCli(['analyze', 'samples/legacy.docker.tar']);
  assert.match(text.stdout, /^Dockerfile \(reconstructed from the history\)\n {2}# Reconstructed by tsimage/m);
  assert.match(text.stdout, /^ {2}FROM busybox:1\.35$/m);
});

test('dockerfile --output writes the file; a bad archive is one line and exit 2', async () => {
  const out = `${repoRoot}dist/test-i3-good.Dockerfile`;
  const written = await runCli(['dockerfile', 'samples/good.docker.tar', '-o', out]);
  assert.equal(written.code, 0, written.stderr);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(`${goldenDir}/good.Dockerfile`, 'utf8'));
  const bad = await runCli(['dockerfile', 'samples/README.md']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
});
