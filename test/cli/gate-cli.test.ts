import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, sample, tempDir } from '../helpers.js';

const tmp = () => tempDir('tsimage-i4-gate-');
const json = (stdout: string) => JSON.parse(stdout) as { findings: { ruleId: string; severity: string; bytes?: number; layerIndex?: number }[] };

test('good sample: zero findings, exit 0 even with --fail-on info', async () => {
  const { code, stdout, stderr } = await runCli(['analyze', sample('good.docker.tar'), '--format', 'json', '--fail-on', 'info']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(json(stdout).findings, []);
});

test('waste sample: the expected bloat findings with exact bytes; warnings pass the default gate', async () => {
  const { code, stdout } = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json']);
  assert.equal(code, 0);
  const findings = json(stdout).findings;
  const bloat = findings.filter((f) => ['deleted-in-later-layer', 'overwritten-in-later-layer', 'metadata-copy'].includes(f.ruleId));
  assert.deepEqual(bloat.map((f) => [f.ruleId, f.layerIndex, f.bytes]), [
    ['deleted-in-later-layer', 2, 300000],
    ['metadata-copy', 8, 102400],
    ['overwritten-in-later-layer', 4, 50000],
    ['deleted-in-later-layer', 5, 10000],
  ]);
  assert.equal(bloat.reduce((s, f) => s + f.bytes!, 0), 462400, 'the findings account for every reclaimable byte');
  assert.deepEqual(findings.filter((f) => f.severity === 'info').map((f) => f.ruleId).sort(), ['consecutive-run', 'missing-healthcheck']);
});

test('--fail-on: warning fails the waste sample (exit 1, the reason on stderr), none never fails', async () => {
  const failed = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'warning', '--format', 'json']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /tsimage: gate failed: fail-on warning: 4 findings at or above warning/);
  assert.equal(json(failed.stdout).findings.length, 6, 'the report is still written to stdout');
  assert.equal((await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'none'])).code, 0);
  const bad = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'warn']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on: expected one of error, warning, info, none, got warn/);
});

test('thresholds: each failing one says which and by how much (exit 1); met ones pass (exit 0)', async () => {
  const { code, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'none', '--max-size', '2MB', '--max-layers', '11', '--min-efficiency', '90%', '--max-wasted-bytes', '400kB', '--max-wasted-percent', '10']);
  assert.equal(code, 1);
  assert.match(stderr, /FAILED {2}max-size: image size 2\.65 MB is 647 kB \(647222 bytes\) over the limit of 2\.00 MB/);
  assert.match(stderr, /FAILED {2}max-layers: layers 12 is 1 over the limit of 11/);
  assert.match(stderr, /FAILED {2}min-efficiency: efficiency 82\.53% is 7\.47 points under the minimum of 90\.00%/);
  assert.match(stderr, /FAILED {2}max-wasted-bytes: wasted bytes 462 kB is 62\.4 kB \(62400 bytes\) over the limit of 400 kB/);
  assert.match(stderr, /FAILED {2}max-wasted-percent: wasted share of the image 17\.47% is 7\.47 points over the limit of 10\.00%/);
  const inJson = await runCli(['analyze', sample('waste.docker.tar'), '--max-layers', '10', '--format', 'json']);
  assert.deepEqual(JSON.parse(inJson.stdout).gate, {
    passed: false, failOn: 'error', failures: ['max-layers: layers 12 is 2 over the limit of 10'], accepted: 0,
    thresholds: [{ name: 'max-layers', limit: 10, actual: 12, passed: false, message: 'max-layers: layers 12 is 2 over the limit of 10' }],
  });
  const met = await runCli(['analyze', sample('waste.docker.tar'), '--max-size', '3MB', '--max-layers', '12', '--min-efficiency', '0.8', '--max-wasted-bytes', '462400', '--max-wasted-percent', '20']);
  assert.equal(met.code, 0, met.stderr);
  assert.match(met.stderr, /ok {2}max-wasted-bytes: wasted bytes 462 kB within the limit of 462 kB/);
});

test('a bad threshold value is a usage error (exit 2), never a gate failure', async () => {
  for (const [flag, value, reason] of [['--max-size', 'big', /--max-size: not a size: big/], ['--min-efficiency', '150%', /--min-efficiency: expected a ratio 0-1/], ['--max-layers', '1.5', /--max-layers: expected a whole number/]] as const) {
    const { code, stderr } = await runCli(['analyze', sample('good.docker.tar'), flag, value]);
    assert.equal(code, 2, flag);
    assert.match(stderr, reason);
    assert.equal(hasStackTrace(stderr), false);
  }
});

test('dive .dive-ci keys: read from a dive CI file with --config, judged on dive\'s figures', async () => {
  const dir = tmp();
  writeFileSync(join(dir, '.dive-ci'), 'rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n');
  const { code, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--config', join(dir, '.dive-ci')]);
  assert.equal(code, 1);
  assert.match(stderr, /FAILED {2}lowestEfficiency: dive efficiency 82\.91% is 12\.09 points under the minimum of 95\.00%/);
  assert.match(stderr, /ok {2}highestWastedBytes: dive wasted bytes 575 kB within the limit of 20\.0 MB/);
  assert.doesNotMatch(stderr, /highestUserWastedPercent/);
});

test('config discovery: the nearest .tsimage.yml / .tsimage.json / tsimage.config.json upwards; flags win', async () => {
  for (const [name, text] of [['.tsimage.yml', 'failOn: warning\n'], ['.tsimage.json', '{"failOn": "warning"}'], ['tsimage.config.json', '{"failOn": "warning"}']]) {
    const dir = tmp();
    writeFileSync(join(dir, name), text);
    const nested = join(dir, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    const found = await runCli(['analyze', sample('waste.docker.tar')], { cwd: nested });
    assert.equal(found.code, 1, `${name}: failOn warning applies`);
    const overridden = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'error'], { cwd: nested });
    assert.equal(overridden.code, 0, `${name}: --fail-on wins`);
  }
});

test('config: rules off and severity per rule', async () => {
  const dir = tmp();
  writeFileSync(join(dir, '.tsimage.yml'), 'rules:\n  missing-healthcheck: error\n  consecutive-run: off\n');
  const { code, stdout } = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json'], { cwd: dir });
  assert.equal(code, 1, 'missing-healthcheck is now an error');
  const ids = json(stdout).findings.map((f) => `${f.ruleId}:${f.severity}`);
  assert.ok(ids.includes('missing-healthcheck:error'));
  assert.ok(!ids.some((id) => id.startsWith('consecutive-run')));
});

test('an invalid config is exit 2 naming the key and the reason', async () => {
  const cases: [string, string, RegExp][] = [
    ['.tsimage.yml', 'failOnn: error\n', /invalid config key "failOnn": unknown key/],
    ['.tsimage.yml', 'rules:\n  runs-as-rot: off\n', /invalid config key "rules\.runs-as-rot": no such rule/],
    ['.tsimage.yml', 'rules:\n  runs-as-root: fatal\n', /invalid config key "rules\.runs-as-root": expected off, on, error, warning, info/],
    ['.tsimage.yml', 'ignore:\n  - rule: runs-as-root\n', /invalid config key "ignore\[0\]\.reason": every ignore needs a reason/],
    ['.tsimage.yml', 'thresholds:\n  maxSize: huge\n', /invalid config key "thresholds\.maxSize": not a size: huge/],
    ['.tsimage.json', '{"failOn": ', /\.tsimage\.json: not valid JSON/],
  ];
  for (const [name, text, reason] of cases) {
    const dir = tmp();
    writeFileSync(join(dir, name), text);
    const { code, stderr } = await runCli(['analyze', sample('good.docker.tar')], { cwd: dir });
    assert.equal(code, 2, text);
    assert.match(stderr, reason);
    assert.equal(hasStackTrace(stderr), false);
  }
  const missing = await runCli(['analyze', sample('good.docker.tar'), '--config', '/nonexistent/.tsimage.yml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the config file: ENOENT/);
});

test('ignore with a reason accepts findings (by rule, or by rule and path); stderr counts them', async () => {
  const dir = tmp();
  writeFileSync(join(dir, '.tsimage.yml'), [
    'failOn: warning',
    'ignore:',
    '  - rule: deleted-in-later-layer',
    '    reason: the sample deletes on purpose',
    '  - rule: metadata-copy',
    '    paths: [/srv/app/copied.bin]',
    '    reason: demonstrates chmod',
    '  - rule: overwritten-in-later-layer',
    '    reason: demonstrates overwrite',
    '',
  ].join('\n'));
  const { code, stdout, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json'], { cwd: dir });
  assert.equal(code, 0, stderr);
  assert.deepEqual(json(stdout).findings.map((f) => f.ruleId).sort(), ['consecutive-run', 'missing-healthcheck']);
  assert.match(stderr, /note: 4 findings accepted \(4 by config ignores, 0 by the baseline\)/);
});

test('baseline: --write-baseline accepts today\'s findings; --baseline then fails only on new ones', async () => {
  const dir = tmp();
  const file = join(dir, 'baseline.json');
  const written = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'info', '--write-baseline', file]);
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stderr, /wrote 6 findings to the baseline/);
  const baseline = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(baseline.tsimageBaseline, 1);
  assert.equal(baseline.findings.length, 6);
  const accepted = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'info', '--baseline', file, '--format', 'json']);
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.deepEqual(json(accepted.stdout).findings, []);
  // Drop one accepted finding: it is new again and fails the gate.
  baseline.findings = baseline.findings.filter((f: { ruleId: string }) => f.ruleId !== 'metadata-copy');
  writeFileSync(file, JSON.stringify(baseline));
  const fresh = await runCli(['analyze', sample('waste.docker.tar'), '--fail-on', 'warning', '--baseline', file, '--format', 'json']);
  assert.equal(fresh.code, 1);
  assert.deepEqual(json(fresh.stdout).findings.map((f) => f.ruleId), ['metadata-copy']);
  // The same findings in another format of the same image (OCI, gzip layers) match the baseline too.
  writeFileSync(file, JSON.stringify({ ...baseline, findings: JSON.parse(readFileSync(file, 'utf8')).findings }));
  const oci = await runCli(['analyze', sample('waste.oci.tar'), '--fail-on', 'warning', '--baseline', file, '--format', 'json']);
  assert.deepEqual(json(oci.stdout).findings.map((f) => f.ruleId), ['metadata-copy']);
  writeFileSync(file, '{"findings": []}');
  const bad = await runCli(['analyze', sample('waste.docker.tar'), '--baseline', file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a tsimage baseline/);
});

test('--help documents the exit codes and the gate flags', async () => {
  const { code, stdout } = await runCli(['analyze', '--help']);
  assert.equal(code, 0);
  for (const text of ['--fail-on', '--max-size', '--min-efficiency', '--max-wasted-percent', '--config', '--baseline', '--write-baseline', '--rules-dir', 'Exit codes:', '1  findings at or above --fail-on, or a threshold failed', '2  usage, configuration or input error']) {
    assert.ok(stdout.includes(text), text);
  }
});

test('the terminal report lists the findings with bytes, evidence and fix; the good sample says none', async () => {
  const waste = await runCli(['analyze', sample('waste.docker.tar')]);
  assert.match(waste.stdout, /^Findings \(4 warnings, 2 info\)$/m);
  assert.match(waste.stdout, /^ {2}warning deleted-in-later-layer saves 300 kB {2}layer 2 \(sha256:[0-9a-f]{12}\) \/srv\/app\/big\.bin$/m);
  // The reconstruction names the COPY source from the layer, so the fix is a line the user can paste.
  assert.match(waste.stdout, /fix: COPY --chmod=600 copied\.bin \/srv\/app\/copied\.bin/);
  assert.match(waste.stdout, /Fixing the bloat findings saves up to 462 kB \(462400 bytes/);
  const good = await runCli(['analyze', sample('good.docker.tar')]);
  assert.match(good.stdout, /^Findings \(no findings\)$/m);
});
