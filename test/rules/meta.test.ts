/**
 * Keeps every rule in step with its documentation and tests (ESLint's checkRuleFiles): id equal to the file
 * name, docs with why/bad/good, a test file with cases, a row in the rule table of docs/rules.md, and silence on the
 * committed good sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import { runRules } from '../../src/lint/run-rules.js';
import { repoRoot } from '../helpers.js';
import { sampleContext } from './sample-context.js';

const ruleFiles = readdirSync(join(repoRoot, 'rules')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));

test('every file under rules/ is a rule whose id is its file name', async () => {
  const rules = await loadBuiltinRules();
  assert.deepEqual(rules.map((r) => r.id).sort(), [...ruleFiles].sort());
  assert.ok(rules.length >= 27);
});

test('every rule has a one-line description, docs (why, bad, good) and hadolint codes in DLxxxx form', async () => {
  for (const rule of await loadBuiltinRules()) {
    for (const name of rule.buildkit ?? []) assert.match(name, /^[A-Z][A-Za-z]+$/, `${rule.id}: BuildKit check names are PascalCase`);
    assert.ok(rule.description && !rule.description.includes('\n'), rule.id);
    for (const key of ['why', 'bad', 'good'] as const) assert.ok(rule.docs[key].trim().length > 10, `${rule.id} docs.${key}`);
    for (const code of rule.hadolint ?? []) assert.match(code, /^DL\d{4}$/, rule.id);
  }
});

test('every rule has its own test file with at least two cases', async () => {
  for (const rule of await loadBuiltinRules()) {
    const file = join(repoRoot, 'test', 'rules', `${rule.id}.test.ts`);
    assert.ok(existsSync(file), `test/rules/${rule.id}.test.ts`);
    assert.ok((readFileSync(file, 'utf8').match(/^test\(/gm) ?? []).length >= 2, `${rule.id}: at least two cases`);
  }
});

test('every rule has a row in the docs/rules.md table with its category, default severity, hadolint codes and BuildKit names', async () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
  const rows = doc.split('\n').filter((l) => l.startsWith('| <a id="'));
  const rules = await loadBuiltinRules();
  for (const rule of rules) {
    const row = rows.find((l) => l.startsWith(`| <a id="${rule.id}"></a>\`${rule.id}\` |`));
    assert.ok(row, `docs/rules.md row for ${rule.id}`);
    assert.ok(row.includes(`| ${rule.category} | ${rule.severity} |`), `${rule.id}: docs/rules.md says ${row}`);
    const cells = row.split('|');
    assert.equal(cells.at(-3)!.trim(), (rule.hadolint ?? []).join(', '), `${rule.id}: hadolint codes in docs/rules.md`);
    assert.equal(cells.at(-2)!.trim(), (rule.buildkit ?? []).join(', '), `${rule.id}: BuildKit check names in docs/rules.md`);
  }
  assert.equal(rows.length, rules.length, 'no row for a rule that does not exist');
});

test('the good sample gives zero findings from every rule', async () => {
  const { findings } = runRules(await sampleContext('good.docker.tar'), await loadBuiltinRules());
  assert.deepEqual(findings, []);
});

test('a docker export (no config, no history) gives no config findings and no bloat', async () => {
  const { findings } = runRules(await sampleContext('export.tar'), await loadBuiltinRules());
  assert.deepEqual(findings, []);
});

test('every bloat finding on the waste sample states its bytes', async () => {
  const rules = await loadBuiltinRules();
  const { findings } = runRules(await sampleContext('waste.docker.tar'), rules);
  const bloat = findings.filter((f) => f.category === 'bloat');
  assert.ok(bloat.length >= 4);
  for (const f of bloat) assert.ok(typeof f.bytes === 'number' && f.bytes > 0, `${f.ruleId}: ${f.message}`);
});
