import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWithCodeCache } from '../../src/cli/code-cache.js';
import { hasStackTrace, runCli, sample, tempDir } from '../helpers.js';

const codeDir = (cacheHome: string) => join(cacheHome, 'tsimage', 'code');
const cacheFiles = (cacheHome: string) => readdirSync(codeDir(cacheHome)).filter((name) => name.endsWith('.v8'));
const analyzeWaste = (cacheHome: string, env: NodeJS.ProcessEnv = {}) =>
  runCli(['analyze', sample('waste.docker.tar'), '--format', 'json', '--fail-on', 'none', '--no-cache'], { env: { XDG_CACHE_HOME: cacheHome, ...env } });

test('bin keeps one code cache under the cache directory and uses it: same output, the file not rewritten', async () => {
  const home = tempDir('tsimage-code-cache-');
  const first = await analyzeWaste(home);
  assert.equal(first.code, 0, first.stderr);
  const [file] = cacheFiles(home);
  assert.ok(file, 'the first run writes a code cache');
  assert.match(file, /^[0-9a-f]{32}-analyze\.v8$/);
  const written = statSync(join(codeDir(home), file)).mtimeMs;
  const second = await analyzeWaste(home);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(cacheFiles(home), [file]);
  assert.equal(statSync(join(codeDir(home), file)).mtimeMs, written, 'a run that used the cache leaves it as it is');
  // Another command keeps its own cache of the same build beside it.
  const lint = await runCli(['lint', sample('dockerfiles/buildkit.Dockerfile'), '--format', 'json'], { env: { XDG_CACHE_HOME: home } });
  assert.ok(lint.code === 0 || lint.code === 1, lint.stderr);
  assert.deepEqual(cacheFiles(home).sort(), [file, file.replace('-analyze.v8', '-lint.v8')].sort());
});

test('a corrupt code cache is refused by V8 and replaced; a stale one of another build is removed', async () => {
  const home = tempDir('tsimage-code-cache-');
  assert.equal((await analyzeWaste(home)).code, 0);
  const [file] = cacheFiles(home);
  const reference = (await analyzeWaste(home)).stdout;
  writeFileSync(join(codeDir(home), file), Buffer.alloc(4096, 0x5a));
  writeFileSync(join(codeDir(home), '0123456789abcdef0123456789abcdef-analyze.v8'), 'an older build');
  // Left by runs killed between write and rename: an old one is removed, a fresh one may be another run's.
  const abandoned = join(codeDir(home), `${file}.tmp-1-aaaaaaaaaaaa`);
  const inFlight = join(codeDir(home), `${file}.tmp-2-bbbbbbbbbbbb`);
  writeFileSync(abandoned, 'x');
  writeFileSync(inFlight, 'x');
  utimesSync(abandoned, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
  const run = await analyzeWaste(home);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, reference);
  assert.deepEqual(cacheFiles(home), [file]);
  assert.ok(statSync(join(codeDir(home), file)).size > 4096, 'rewritten with a real cache');
  assert.deepEqual(readdirSync(codeDir(home)).sort(), [file, `${file}.tmp-2-bbbbbbbbbbbb`].sort());
  // A cache file far larger than any real one (bin skips it without reading it) is replaced.
  truncateSync(join(codeDir(home), file), 512 * 1024 * 1024);
  const huge = await analyzeWaste(home);
  assert.equal(huge.code, 0, huge.stderr);
  assert.equal(huge.stdout, reference);
  assert.ok(statSync(join(codeDir(home), file)).size < 64 * 1024 * 1024);
});

test('TSIMAGE_CODE_CACHE=0 writes no code cache; a cache directory that cannot be written costs nothing but the cache', async () => {
  const off = tempDir('tsimage-code-cache-');
  const run = await analyzeWaste(off, { TSIMAGE_CODE_CACHE: '0' });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readdirSync(off), []);
  // XDG_CACHE_HOME is a file: no directory can be made under it.
  const blocked = join(tempDir('tsimage-code-cache-'), 'not-a-dir');
  writeFileSync(blocked, '');
  const still = await analyzeWaste(blocked);
  assert.equal(still.code, 0, still.stderr);
  assert.equal(still.stderr, '');
  assert.ok(!hasStackTrace(still.stderr));
  assert.equal(still.stdout, run.stdout);
});

test('a user rule file is imported when the CLI runs from the code cache', async () => {
  const home = tempDir('tsimage-code-cache-');
  const rules = tempDir('tsimage-code-cache-rules-');
  writeFileSync(join(rules, 'always.mjs'), `export default {
  id: 'always-here', category: 'bloat', severity: 'info', description: 'says it ran',
  docs: { why: 'a test', bad: 'x', good: 'y' },
  check(ctx, report) { report({ message: 'ran', paths: [] }); },
};
`);
  for (const round of ['first run, no cache', 'second run, from the cache']) {
    const run = await runCli(['analyze', sample('waste.docker.tar'), '--rules-dir', rules, '--format', 'json', '--fail-on', 'none', '--no-cache'], { env: { XDG_CACHE_HOME: home } });
    assert.equal(run.code, 0, `${round}: ${run.stderr}`);
    assert.ok((JSON.parse(run.stdout).findings as { ruleId: string }[]).some((f) => f.ruleId === 'always-here'), round);
  }
  assert.equal(cacheFiles(home).length, 1);
});

test('runWithCodeCache: a rebuilt file of the same length never runs the old cache', () => {
  const dir = tempDir('tsimage-code-cache-unit-');
  const file = join(dir, 'module.cjs');
  const cacheDir = join(dir, 'cache');
  const load = () => {
    const script = runWithCodeCache(file, { dir: cacheDir, variant: 'test' }, (url) => import(url));
    script.saveCodeCache();
    return (script.exports as { answer: () => string }).answer();
  };
  writeFileSync(file, "exports.answer = () => 'first build';\n");
  assert.equal(load(), 'first build');
  assert.equal(load(), 'first build');
  writeFileSync(file, "exports.answer = () => 'other build';\n");
  assert.equal(readFileSync(file).length, "exports.answer = () => 'first build';\n".length);
  assert.equal(load(), 'other build');
  assert.equal(readdirSync(cacheDir).length, 1, 'the first build\'s cache is gone');
});
