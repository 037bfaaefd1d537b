import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, sample, tempDir } from '../helpers.js';

interface Result {
  reclaimableBytes: number;
  droppedBytes: number;
  baseReclaimableBytes: number;
  keptBaseLayers: number;
  outputReclaimableBytes: number;
  before: { compressed: number; tar: number; files: number };
  after: { compressed: number; tar: number; files: number };
  layers: { index: number; status: string; droppedBytes: number; before: { files: number }; after: { files: number } }[];
  filesystem: { input: { digest: string; paths: number }; output: { digest: string; paths: number } };
  output: { configDigest: string };
}

async function analyzeJson(path: string) {
  const { code, stdout, stderr } = await runCli(['analyze', path, '--format', 'json']);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

async function optimize(input: string, output: string, ...flags: string[]): Promise<Result> {
  const { code, stdout, stderr } = await runCli(['optimize', input, '-o', output, '--json', ...flags]);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as Result;
}

/** What every optimize run must show: the same filesystem, analyze's own figure saved, nothing left reclaimable outside the base. */
async function checkInvariants(input: string, output: string, result: Result): Promise<void> {
  const before = await analyzeJson(input);
  const after = await analyzeJson(output);
  assert.equal(result.filesystem.output.digest, result.filesystem.input.digest);
  assert.equal(result.reclaimableBytes, before.waste.reclaimableBytes, 'the plan starts from analyze\'s exact reclaimable figure');
  assert.equal(result.droppedBytes + result.baseReclaimableBytes, before.waste.reclaimableBytes);
  assert.equal(before.totalBytes - after.totalBytes, result.droppedBytes, 'the file bytes saved are the bytes dropped, to the byte');
  assert.equal(after.finalBytes, before.finalBytes);
  assert.equal(after.waste.reclaimableBytes, result.baseReclaimableBytes, 'analyze OUT: only what the kept base layers hold stays reclaimable');
  assert.equal(after.layers.length, before.layers.length, 'layers stay');
  assert.deepEqual(after.history.map((h: { createdBy: string }) => h.createdBy), before.history.map((h: { createdBy: string }) => h.createdBy), 'history stays');
  assert.equal(after.image.digest, result.output.configDigest);
  for (const layer of result.layers) {
    if (layer.status === 'base' || layer.status === 'as-stored') assert.equal(after.layers[layer.index].digest, before.layers[layer.index].digest, `layer ${layer.index} is byte-identical`);
    if (layer.status !== 'rewritten') assert.equal(after.layers[layer.index].diffId, before.layers[layer.index].diffId, `layer ${layer.index} keeps its tar`);
  }
}

for (const [name, flags] of [
  ['waste.docker.tar', []],
  ['waste.oci.tar', ['--format', 'oci-archive']],
  ['waste.oci-zstd', ['--format', 'oci-dir', '--compression', 'zstd']],
  ['buildkit.docker.tar', []],
  ['legacy.docker.tar', ['--no-keep-base']],
  ['multiarch.oci.tar', []],
] as [string, string[]][]) {
  test(`optimize ${name} ${flags.join(' ')}: same filesystem, analyze's reclaimable bytes saved`, async () => {
    const dir = tempDir('tsimage-optimize-');
    const output = join(dir, flags.includes('oci-dir') ? 'out' : 'out.tar');
    const result = await optimize(sample(name), output, ...flags);
    await checkInvariants(sample(name), output, result);
    assert.deepEqual(readdirSync(dir), ['out' + (flags.includes('oci-dir') ? '' : '.tar')], 'no temporary file is left next to the output');
  });
}

test('waste.docker.tar loses every waste cause: 462400 bytes, the whiteout and the opaque marker that then hide nothing', async () => {
  const dir = tempDir('tsimage-optimize-');
  const result = await optimize(sample('waste.docker.tar'), join(dir, 'out.tar'));
  assert.equal(result.droppedBytes, 462400);
  assert.equal(result.after.files, result.before.files - 462400);
  assert.equal(result.layers[0].status, 'base');
  assert.deepEqual(result.layers.filter((l) => l.status === 'rewritten').map((l) => l.index), [2, 3, 4, 5, 7, 10]);
  assert.ok(result.after.tar < result.before.tar);
  const text = await runCli(['optimize', sample('waste.docker.tar'), '-o', join(dir, 'text.tar')]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /dropped 462,400 B = analyze's exact reclaimable 462,400 B/);
  assert.match(text.stdout, /filesystem digest {2}input {2}sha256:[0-9a-f]{64} \(286 paths\)\n {19}output sha256:[0-9a-f]{64} \(286 paths\) {2}identical/);
});

test('bad input and a bad output path: one line, exit 2, nothing written', async () => {
  const dir = tempDir('tsimage-optimize-');
  const cases: [string[], RegExp][] = [
    [['optimize', join(dir, 'missing.tar'), '-o', join(dir, 'a.tar')], /no such file or directory/],
    [['optimize', sample('export.tar'), '-o', join(dir, 'a.tar')], /docker export has no image config/],
    [['optimize', 'docker://tsimage-no-such-image:1', '-o', join(dir, 'a.tar')], /save it to a file first/],
    [['optimize', 'registry://localhost:1/x:1', '-o', join(dir, 'a.tar')], /save it to a file first/],
    [['optimize', sample('good.docker.tar'), '-o', join(dir, 'no', 'such', 'a.tar')], /no such directory/],
    [['optimize', sample('good.docker.tar'), '-o', dir], /is a directory/],
    [['optimize', sample('good.docker.tar'), '-o', sample('good.docker.tar')], /must not be the input/],
    [['optimize', sample('good.docker.tar'), '-o', join(dir, 'a.tar'), '--format', 'zip'], /Invalid values|Choices/],
    [['optimize', sample('good.docker.tar')], /Missing required argument: output|-o/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await runCli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
    assert.equal(stdout, '');
    assert.ok(!hasStackTrace(stderr), stderr);
  }
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(!existsSync(join(dir, 'a.tar')));
});
