/** .dockerignore matching with Docker's rules (moby/patternmatcher, as the Dockerfile reference describes them). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextPath, parseDockerignore } from '../../src/lint/dockerignore.js';

test('context paths are cleaned: no leading / or ./, no trailing /, .. resolved', () => {
  assert.equal(contextPath('./src/app.js'), 'src/app.js');
  assert.equal(contextPath('/src/'), 'src');
  assert.equal(contextPath('a/../b'), 'b');
  assert.equal(contextPath('.'), '.');
  assert.equal(contextPath('./'), '.');
});

test('a pattern matches the path or one of its parent directories; * and ? stay in one component', () => {
  const ignore = parseDockerignore(['# comment', '', 'dist', '*/temp*', 'a?c', '/secrets/']);
  assert.ok(ignore.excludes('dist'));
  assert.ok(ignore.excludes('./dist/app.js'));
  assert.ok(ignore.excludes('lib/tempfile'));
  assert.ok(!ignore.excludes('lib/deep/tempfile'));
  assert.ok(ignore.excludes('abc') && !ignore.excludes('abbc'));
  assert.ok(ignore.excludes('secrets/key'));
  assert.ok(!ignore.excludes('src/dist.js'));
  assert.ok(!ignore.excludes('# comment'));
});

test('** crosses directories, including none; [...] is a character class', () => {
  const ignore = parseDockerignore(['**/*.log', 'build/**/cache', 'v[0-9]']);
  assert.ok(ignore.excludes('debug.log') && ignore.excludes('a/b/debug.log'));
  assert.ok(ignore.excludes('build/cache') && ignore.excludes('build/x/y/cache/file'));
  assert.ok(ignore.excludes('v1') && !ignore.excludes('vx'));
});

test('! re-includes, and the last matching pattern decides', () => {
  const ignore = parseDockerignore(['*.md', '!README.md', 'README-secret.md', '*', '!src']);
  assert.ok(!ignore.excludes('src/main.go'));
  assert.ok(ignore.excludes('notes.md'));
  const ordered = parseDockerignore(['*.md', '!README.md']);
  assert.ok(!ordered.excludes('README.md') && ordered.excludes('CHANGES.md'));
  const reversed = parseDockerignore(['!README.md', '*.md']);
  assert.ok(reversed.excludes('README.md'));
});

test('mayReinclude: a directory excluded as a whole may have parts brought back by a ! pattern', () => {
  const ignore = parseDockerignore(['*', '!src/', '!go.mod']);
  assert.ok(ignore.excludes('.') && ignore.mayReinclude('.'));
  assert.ok(!parseDockerignore(['*']).mayReinclude('.'));
  assert.ok(parseDockerignore(['vendor', '!vendor/keep']).mayReinclude('vendor'));
  assert.ok(!parseDockerignore(['vendor', '!other']).mayReinclude('vendor'));
});
