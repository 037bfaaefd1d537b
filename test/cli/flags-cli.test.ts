/**
 * The flags users bring from other tools: `--ignore RULE` (hadolint's), `--image NAME` as the help names it,
 * sizes in help as people write them, and `--list-platforms` naming each image of a several-image archive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, sample } from '../helpers.js';

const ruleIds = (stdout: string) => (JSON.parse(stdout).findings as { ruleId: string }[]).map((f) => f.ruleId);

test('analyze --ignore RULE (repeatable) drops that rule\'s findings and only those', async () => {
  const all = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json']);
  assert.equal(all.code, 0, all.stderr);
  assert.ok(ruleIds(all.stdout).includes('consecutive-run'));
  assert.ok(ruleIds(all.stdout).includes('missing-healthcheck'));
  const ignored = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json', '--ignore', 'consecutive-run', '--ignore', 'missing-healthcheck']);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.deepEqual(ruleIds(ignored.stdout), ruleIds(all.stdout).filter((id) => id !== 'consecutive-run' && id !== 'missing-healthcheck'));
});

test('analyze --ignore turns a failing gate into a pass when the failing rule is ignored', async () => {
  const failing = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'warning']);
  assert.equal(failing.code, 1);
  const rules = ['deleted-in-later-layer', 'metadata-copy', 'overwritten-in-later-layer'];
  const passing = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'warning', ...rules.flatMap((r) => ['--ignore', r])]);
  assert.equal(passing.code, 0, passing.stderr);
});

const DOCKERFILE = 'FROM debian:12\nRUN cd /src && apt-get install -y curl\nUSER app\nHEALTHCHECK CMD true\n';

test('lint --ignore takes rule ids and hadolint codes, repeatable', async () => {
  const all = await runCli(['lint', '-', '--format', 'json'], { input: DOCKERFILE });
  const before = ruleIds(all.stdout);
  assert.ok(before.includes('cd-in-run') && before.includes('pin-package-versions') && before.includes('apt-no-install-recommends'), before.join(' '));
  const after = await runCli(['lint', '-', '--format', 'json', '--ignore', 'DL3003', '--ignore', 'pin-package-versions'], { input: DOCKERFILE });
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(ruleIds(after.stdout), before.filter((id) => id !== 'cd-in-run' && id !== 'pin-package-versions'));
});

test('--ignore with a name no rule has is a usage error, exit 2, on both commands', async () => {
  const lint = await runCli(['lint', '-', '--ignore', 'pin-package-version'], { input: DOCKERFILE });
  assert.equal(lint.code, 2);
  assert.match(lint.stderr, /^tsimage: --ignore: no such rule: pin-package-version /m);
  const analyze = await runCli(['analyze', sample('good.docker.tar'), '--ignore', 'DL9999']);
  assert.equal(analyze.code, 2);
  assert.match(analyze.stderr, /--ignore: no such rule: DL9999/);
});

test('--help names --image and --ignore, and gives the layer size limit as 64 GiB', async () => {
  for (const command of ['analyze', 'dockerfile', 'run', 'diff']) {
    const { code, stdout } = await runCli([command, '--help']);
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /--select|--image-name|68719476736/, command);
    assert.match(stdout, /\[default: "64 GiB"\]/, command);
    if (command !== 'diff') assert.match(stdout, /^\s+--image\s+pick one image of several/m, command);
  }
  assert.match((await runCli(['analyze', '--help'])).stdout, /^\s+--ignore\s+turn off a rule/m);
  assert.match((await runCli(['lint', '--help'])).stdout, /^\s+--ignore\s+turn off a rule/m);
});

test('--image=NAME and --max-layer-size as help writes it both work', async () => {
  const { code, stdout, stderr } = await runCli(['analyze', sample('multi-image.docker.tar'), '--image=tsimage-sample/good:1', '--max-layer-size', '64 GiB', '--format', 'json']);
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(stdout).image.name, 'tsimage-sample/good:1');
});

test('--list-platforms on a several-image archive names each image with its platforms', async () => {
  const { code, stdout } = await runCli(['analyze', sample('multi-image.docker.tar'), '--list-platforms']);
  assert.equal(code, 0);
  assert.equal(stdout, 'tsimage-sample/waste:1  linux/amd64\ntsimage-sample/good:1   linux/amd64\n');
});

test('--list-platforms on one image with several tags lists its platform once', async () => {
  const { code, stdout } = await runCli(['analyze', sample('multitag.docker.tar'), '--list-platforms']);
  assert.equal(code, 0);
  assert.equal(stdout, 'linux/amd64\n');
});
