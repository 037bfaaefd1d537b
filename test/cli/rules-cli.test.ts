import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, repoRoot, runCli, sample, tempDir } from '../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { buildTestImage } from '../rules/images.js';

const tmp = () => tempDir('tsimage-i4-rules-');

/** A user rule written against the documented API: flags files under /srv/app bigger than 100 kB. */
const USER_RULE = `export default {
  id: 'big-app-files',
  category: 'bloat',
  severity: 'error',
  description: 'files over 100 kB under /srv/app',
  docs: { why: 'we ship small apps', bad: 'COPY big.bin /srv/app/', good: 'COPY small.bin /srv/app/' },
  check(ctx, report) {
    for (const [path, node] of ctx.tree.walk()) {
      if (path.startsWith('srv/app/') && node.entry?.type === 'file' && node.entry.size > 100000) {
        report({ message: path + ' is ' + node.entry.size + ' bytes', layerIndex: node.layerIndex, paths: [path], bytes: node.entry.size });
      }
    }
  },
};
`;

test('tsimage rules lists every built-in rule; tsimage rules ID shows its doc', async () => {
  const list = await runCli(['rules']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^apt-lists-left\s+bloat\s+warning\s+apt package lists/m);
  const listed = await runCli(['rules', '--format', 'json']);
  const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id);
  for (const id of ['apt-update-alone', 'secret-file-in-layer', 'copy-before-install', 'missing-healthcheck']) assert.ok(ids.includes(id), id);
  const doc = await runCli(['rules', 'apt-lists-left']);
  assert.equal(doc.code, 0);
  assert.match(doc.stdout, /^apt-lists-left {2}\(bloat, default severity warning\)/);
  assert.match(doc.stdout, /Bad:\n {4}RUN apt-get update/);
  assert.match(doc.stdout, /Good:\n/);
  assert.match(doc.stdout, /hadolint: DL3009/);
  const unknown = await runCli(['rules', 'apt-list']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no rule "apt-list" \(did you mean apt-lists-left\?\)/);
});

test('--rules-dir: a user rule runs next to the built-in ones and can fail the gate', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'big-app-files.mjs'), USER_RULE);
  const { code, stdout, stderr } = await runCli(['analyze', sample('waste.docker.tar'), '--rules-dir', dir, '--format', 'json']);
  assert.equal(code, 1, stderr);
  const mine = (JSON.parse(stdout).findings as { ruleId: string; paths: string[]; bytes: number }[]).filter((f) => f.ruleId === 'big-app-files');
  assert.deepEqual(mine.map((f) => [f.paths[0], f.bytes]), [['srv/app/copied.bin', 102400]]);
  const listed = await runCli(['rules', 'big-app-files', '--rules-dir', dir]);
  assert.match(listed.stdout, /^big-app-files {2}\(bloat, default severity error\)/);
  // The config key does the same, relative to the config file; and the config can turn it down.
  writeFileSync(join(dir, '.tsimage.yml'), 'rulesDir: .\nrules:\n  big-app-files: warning\n');
  assert.equal((await runCli(['analyze', sample('waste.docker.tar')], { cwd: dir })).code, 0);
});

test('--rules-dir: a broken rule file, a bad rule, a clash with a built-in id or a throwing check is exit 2 naming the file', async () => {
  const cases: [string, RegExp][] = [
    ['export default {', /bad\.mjs: cannot load the rule file/],
    ["export default { id: 'Bad_Id' }", /bad\.mjs: not a valid rule: id must be kebab-case/],
    [USER_RULE.replace("'bloat'", "'style'"), /not a valid rule: big-app-files: category must be one of bloat, security, hygiene, layering/],
    [USER_RULE.replace("'big-app-files'", "'apt-lists-left'"), /rule id "apt-lists-left" is already taken by a built-in rule/],
    [USER_RULE.replace('for (const', "throw new Error('oops'); for (const"), /bad\.mjs: rule big-app-files failed: oops/],
  ];
  for (const [source, reason] of cases) {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.mjs'), source);
    const { code, stderr } = await runCli(['analyze', sample('good.docker.tar'), '--rules-dir', dir]);
    assert.equal(code, 2, source.slice(0, 40));
    assert.match(stderr, reason);
    assert.equal(hasStackTrace(stderr), false);
  }
  const missing = await runCli(['analyze', sample('good.docker.tar'), '--rules-dir', '/nonexistent-rules']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the rules directory \(ENOENT\)/);
});

test('docs/rules.md worked example: no-large-log-dir, copied from the docs, fires on a real image with 1.5 MB of logs', async (t) => {
  const rulesDoc = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
  const example = /`tsimage-rules\/no-large-log-dir\.mjs`[\s\S]*?```js\n([\s\S]*?)```/.exec(rulesDoc)?.[1];
  assert.ok(example, 'docs/rules.md has the worked example');
  const dir = tmp();
  writeFileSync(join(dir, 'no-large-log-dir.mjs'), example);
  const doc = await runCli(['rules', 'no-large-log-dir', '--rules-dir', dir]);
  assert.equal(doc.code, 0, doc.stderr);
  const clean = await runCli(['analyze', sample('good.docker.tar'), '--rules-dir', dir]);
  assert.equal(clean.code, 0, clean.stderr);
  const reason = await busyboxBaseUnavailable();
  if (reason) return t.skip(reason);
  const archive = await buildTestImage({
    name: 'log-dir', builder: 'buildkit', context: {},
    dockerfile: `FROM ${BUSYBOX_BASE}\nRUN mkdir -p /var/log && head -c 1500000 /dev/urandom > /var/log/build.log\nUSER app\n`,
  });
  const { code, stdout } = await runCli(['analyze', archive, '--rules-dir', dir, '--format', 'json']);
  assert.equal(code, 1);
  const finding = (JSON.parse(stdout).findings as { ruleId: string; bytes: number; instruction: string }[]).find((f) => f.ruleId === 'no-large-log-dir');
  assert.equal(finding?.bytes, 1500000);
  assert.match(finding!.instruction, /^RUN mkdir -p \/var\/log/);
});
