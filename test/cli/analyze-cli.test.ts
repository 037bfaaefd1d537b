import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, sample, tempDir } from '../helpers.js';

test('analyze prints the image, the layer table and the waste summary', async () => {
  const { code, stdout, stderr } = await runCli(['analyze', sample('waste.docker.tar')]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /Image\s+tsimage-sample\/waste:1/);
  assert.match(stdout, /Platform linux\/amd64/);
  assert.match(stdout, /in 12 layers/);
  assert.match(stdout, /RUN rm \/srv\/app\/big\.bin/);
  assert.match(stdout, /Reclaimable \(exact\)\s+462 kB \(462400 bytes\)/);
  assert.match(stdout, /dive-compatible/);
  assert.doesNotMatch(stdout, /\x1b\[/, 'NO_COLOR is honoured');
});

test('FORCE_COLOR colours the terminal report, NO_COLOR alone does not', async () => {
  const forced = await runCli(['analyze', sample('good.docker.tar')], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\x1b\[/);
});

test('--format json is the documented contract, on stdout only', async () => {
  const { code, stdout } = await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json']);
  assert.equal(code, 0);
  const report = JSON.parse(stdout);
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(Object.keys(report.image).sort(), ['architecture', 'created', 'digest', 'format', 'manifestDigest', 'name', 'os', 'source', 'tags'].sort());
  assert.equal(report.image.format, 'oci-archive');
  assert.equal(report.layers.length, 12);
  for (const key of ['index', 'digest', 'diffId', 'bytes', 'compressedBytes', 'createdBy', 'emptyLayer', 'files', 'added', 'modified', 'removed']) {
    assert.ok(key in report.layers[2], `layers[].${key}`);
  }
  for (const key of ['createdBy', 'created', 'emptyLayer']) assert.ok(key in report.history[2], `history[].${key}`);
  for (const key of ['reclaimableBytes', 'efficiency', 'diveWastedBytes', 'byCause', 'topPaths']) assert.ok(key in report.waste, `waste.${key}`);
  assert.equal(report.waste.reclaimableBytes, 462400);
});

test('notes go to stderr, the report to stdout', async () => {
  const { code, stdout, stderr } = await runCli(['analyze', sample('multi-image.docker.tar'), '--format', 'json']);
  assert.equal(code, 0);
  assert.match(stderr, /^note: this archive holds 2 images/m);
  assert.deepEqual(JSON.parse(stdout).notes.length, 1);
});

test('--image picks one image of several; - reads the archive from stdin', async () => {
  const picked = await runCli(['analyze', sample('multi-image.docker.tar'), '--image', 'tsimage-sample/good:1', '--format', 'json']);
  assert.equal(JSON.parse(picked.stdout).image.name, 'tsimage-sample/good:1');
  const piped = await runCli(['analyze', '-', '--format', 'json'], { input: readFileSync(sample('good.docker.tar')) });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(JSON.parse(piped.stdout).image.name, 'tsimage-sample/good:1');
});

test('--output writes the report to a file and nothing to stdout', async () => {
  const out = join(tempDir('tsimage-out-'), 'report.json');
  const { code, stdout } = await runCli(['analyze', sample('good.docker.tar'), '--format', 'json', '-o', out]);
  assert.equal(code, 0);
  assert.equal(stdout, '');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).image.name, 'tsimage-sample/good:1');
});

test('--list-platforms lists what the archive holds', async () => {
  const { code, stdout } = await runCli(['analyze', sample('waste.oci.tar'), '--list-platforms']);
  assert.equal(code, 0);
  assert.equal(stdout, 'linux/amd64\n');
});

test('--help documents the exit codes; a usage error exits 2', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit codes:\n\s+0\s+clean/);
  assert.match(help.stdout, /2\s+usage, configuration or input error/);
  const usage = await runCli(['analyze']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Not enough non-option arguments/);
  const unknown = await runCli(['analyze', sample('good.docker.tar'), '--no-such-flag']);
  assert.equal(unknown.code, 2);
});
