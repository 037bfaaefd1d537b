/** The parser on what `tsimage lint` meets: heredocs, the escape directive, continuations, stages, directives. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { runScript } from '../../src/lint/source-helpers.js';
import { lintSource } from '../rules/source-tester.js';

test('heredoc RUN: the body is the script, lines cover the body and the delimiter', async () => {
  const df = parseDockerfile('# syntax=docker/dockerfile:1.7\nFROM debian:12.5\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER app\n');
  assert.equal(df.directives.syntax, 'docker/dockerfile:1.7');
  const run = df.instructions[1]!;
  assert.deepEqual([run.keyword, run.startLine, run.endLine], ['RUN', 3, 6]);
  assert.equal(run.heredocs[0]!.body, 'apt-get update\napt-get install -y curl\n');
  assert.equal(runScript(run), 'apt-get update\napt-get install -y curl\n');
  assert.equal(df.instructions[2]!.keyword, 'USER');
  const findings = await lintSource('apt-lists-left', 'FROM debian:12.5\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n');
  assert.deepEqual(findings.map((f) => [f.line, f.endLine]), [[2, 6]]);
});

test('heredoc with <<-, a quoted delimiter, an interpreter and a file heredoc', async () => {
  const df = parseDockerfile('FROM alpine:3.20\nRUN <<-"EOT" bash\n\tapk add curl\n\tEOT\nCOPY <<EOF /etc/app.conf\nRUN = not an instruction\nEOF\nRUN cat <<EOF > /x\napt-get upgrade\nEOF\n');
  const [, bash, copy, cat] = df.instructions;
  assert.equal(bash!.heredocs[0]!.stripTabs, true);
  assert.equal(bash!.heredocs[0]!.quoted, true);
  assert.equal(runScript(bash!), 'apk add curl\n');
  assert.equal(copy!.keyword, 'COPY');
  assert.equal(copy!.endLine, 7);
  assert.equal(df.instructions.length, 4, 'heredoc bodies are not instructions');
  // A heredoc that feeds a file is data, not script.
  assert.equal(runScript(cat!), 'cat > /x');
  assert.deepEqual(await lintSource('apt-upgrade', 'FROM debian:12.5\nRUN cat <<EOF > /x\napt-get upgrade\nEOF\n'), []);
  assert.equal((await lintSource('package-cache-left', 'FROM alpine:3.20\nRUN <<-"EOT" bash\n\tapk add curl\n\tEOT\n')).length, 1);
});

test('an unclosed heredoc is a problem the linter reports', () => {
  const df = parseDockerfile('FROM a:1\nRUN <<EOF\necho\n');
  assert.match(df.problems[0]!.message, /never closed/);
});

test('escape directive: backtick continues lines and backslashes are plain (Windows paths)', async () => {
  const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\nRUN cd C:\\app `\n    && dir\nCOPY a.txt C:\\app\\\nUSER ContainerUser\n';
  const df = parseDockerfile(text);
  assert.equal(df.escapeChar, '`');
  const run = df.instructions[2]!;
  assert.deepEqual([run.startLine, run.endLine], [4, 5]);
  assert.equal(run.arguments, 'cd C:\\app     && dir');
  // The trailing backslash of COPY is no continuation under escape=`.
  assert.equal(df.instructions[3]!.endLine, 6);
  assert.equal(df.instructions[4]!.keyword, 'USER');
  assert.deepEqual(await lintSource('workdir-relative', text), []);
  assert.deepEqual((await lintSource('cd-in-run', text)).map((f) => f.line), [4]);
});

test('escape directive only at the top: after a comment it is a comment', () => {
  const df = parseDockerfile('# hello\n# escape=`\nFROM a:1\nRUN echo `\n');
  assert.equal(df.escapeChar, '\\');
  assert.equal(df.directives.escape, undefined);
});

test('continuations skip comment and blank lines inside, and keep the comment', () => {
  const df = parseDockerfile('FROM a:1\nRUN apt-get update \\\n# a note\n\n && apt-get install -y \\\n   curl\nUSER x\n');
  const run = df.instructions[1]!;
  assert.deepEqual([run.startLine, run.endLine], [2, 6]);
  assert.equal(run.comments[0]!.text, 'a note');
  assert.match(run.arguments, /apt-get update\s+&& apt-get install -y\s+curl/);
});

test('multi-stage: stages, names lower-cased, ARG before FROM, COPY --from flags', () => {
  const df = parseDockerfile('ARG V=1\nFROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nRUN go build\nFROM scratch\nCOPY --from=build --chown=1:1 /app /app\n');
  assert.equal(df.instructions[0]!.stageIndex, -1);
  assert.deepEqual(df.stages.map((s) => [s.name, s.baseImage, s.platform]), [['build', 'golang:1.22', '$BUILDPLATFORM'], [undefined, 'scratch', undefined]]);
  assert.deepEqual(df.instructions[4]!.flags, [{ name: 'from', value: 'build' }, { name: 'chown', value: '1:1' }]);
});

test('inline ignores: tsimage and hadolint pragmas, next instruction only, and global', async () => {
  const code = [
    'FROM ubuntu', // 1: latest-base-tag
    '# tsimage ignore=cd-in-run', // 2
    'RUN cd /a && make', // 3: ignored
    'RUN cd /b && make', // 4: not ignored
    '# hadolint ignore=DL3003,DL3059', // 5
    'RUN cd /c && make', // 6: ignored through DL3003
    '',
    '# hadolint ignore=DL3003', // 8: a blank line separates it from nothing: applies to line 9
    'RUN cd /d && make', // 9: ignored
    '# tsimage ignore=cd-in-run', // 10
    '', // a blank line between: the pragma does not reach line 12
    'RUN cd /e && make', // 12
  ].join('\n');
  assert.deepEqual((await lintSource('cd-in-run', code)).map((f) => f.line), [4, 12]);
  assert.deepEqual((await lintSource('latest-base-tag', code)).map((f) => f.line), [1]);
  assert.deepEqual(await lintSource('latest-base-tag', '# hadolint global ignore=DL3006\nFROM ubuntu\n'), []);
  assert.deepEqual(await lintSource('latest-base-tag', 'FROM ubuntu\n# tsimage global ignore=latest-base-tag,cd-in-run\n'), []);
});
