/**
 * The instructions parseDockerfile hands out are held compactly (src/dockerfile/instruction.ts): most fields
 * are getters over shared or rarely present parts. These pin that every public field still reads what the
 * plain record held, and that JSON.stringify gives that record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile, type DockerfileInstruction } from '../../src/dockerfile/parse.js';

/** The twelve public fields read one by one, into a plain object, in the record's order. */
function fieldsOf(ins: DockerfileInstruction): DockerfileInstruction {
  const { keyword, arguments: args, argumentsWithoutFlags, flags, heredocs, form, startLine, endLine, stageIndex, stageName, comments, raw } = ins;
  return { keyword, arguments: args, argumentsWithoutFlags, flags, heredocs, form, startLine, endLine, stageIndex, stageName, comments, raw };
}

const TEXT = [
  'ARG V=1',
  'FROM debian:12 AS Build',
  '# tsimage ignore=cd-in-run',
  'RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl \\',
  '  # inside',
  '  git',
  'copy <<-"EOF" /etc/motd',
  '\thello',
  '\tEOF',
  '',
  'FROM build',
  'CMD ["run", "--fast"]   ',
].join('\r\n') + '\r\n';

test('every field of a compact instruction reads what the plain record held: flags, heredocs, comments, CRLF, stages', () => {
  const df = parseDockerfile(TEXT);
  assert.deepEqual(df.instructions.map(fieldsOf), [
    { keyword: 'ARG', arguments: 'V=1', argumentsWithoutFlags: 'V=1', flags: [], heredocs: [], form: 'shell', startLine: 1, endLine: 1, stageIndex: -1, stageName: undefined, comments: [], raw: 'ARG V=1' },
    { keyword: 'FROM', arguments: 'debian:12 AS Build', argumentsWithoutFlags: 'debian:12 AS Build', flags: [], heredocs: [], form: 'shell', startLine: 2, endLine: 2, stageIndex: 0, stageName: 'build', comments: [], raw: 'FROM debian:12 AS Build' },
    {
      keyword: 'RUN',
      arguments: '--mount=type=cache,target=/var/cache/apt apt-get install -y curl   git',
      argumentsWithoutFlags: 'apt-get install -y curl   git',
      flags: [{ name: 'mount', value: 'type=cache,target=/var/cache/apt' }],
      heredocs: [],
      form: 'shell',
      startLine: 4,
      endLine: 6,
      stageIndex: 0,
      stageName: 'build',
      comments: [{ line: 3, text: 'tsimage ignore=cd-in-run' }, { line: 5, text: 'inside' }],
      // Lines ended by \r\n are joined by \n, as split(/\r?\n/) and join('\n') give them.
      raw: 'RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl \\\n  # inside\n  git',
    },
    {
      keyword: 'COPY',
      arguments: '<<-"EOF" /etc/motd',
      argumentsWithoutFlags: '<<-"EOF" /etc/motd',
      flags: [],
      heredocs: [{ name: 'EOF', body: 'hello\n', stripTabs: true, quoted: true, startLine: 8, endLine: 9 }],
      form: 'shell',
      startLine: 7,
      endLine: 9,
      stageIndex: 0,
      stageName: 'build',
      comments: [],
      raw: 'copy <<-"EOF" /etc/motd\n\thello\n\tEOF',
    },
    { keyword: 'FROM', arguments: 'build', argumentsWithoutFlags: 'build', flags: [], heredocs: [], form: 'shell', startLine: 11, endLine: 11, stageIndex: 1, stageName: undefined, comments: [], raw: 'FROM build' },
    { keyword: 'CMD', arguments: '["run", "--fast"]', argumentsWithoutFlags: '["run", "--fast"]', flags: [], heredocs: [], form: 'exec', startLine: 12, endLine: 12, stageIndex: 1, stageName: undefined, comments: [], raw: 'CMD ["run", "--fast"]   ' },
  ]);
});

test('JSON.stringify of an instruction is the plain record, fields in the same order', () => {
  const df = parseDockerfile(TEXT);
  for (const ins of df.instructions) assert.equal(JSON.stringify(ins), JSON.stringify(fieldsOf(ins)));
  assert.equal(JSON.stringify(df.instructions[0]), '{"keyword":"ARG","arguments":"V=1","argumentsWithoutFlags":"V=1","flags":[],"heredocs":[],"form":"shell","startLine":1,"endLine":1,"stageIndex":-1,"comments":[],"raw":"ARG V=1"}');
});

test('equal lines and all-different lines read the same fields as one line alone', () => {
  const line = (i: number) => `RUN apt-get install -y curl${i % 3 === 0 ? '' : i}`;
  const many = parseDockerfile('FROM debian:12\n' + Array.from({ length: 30_000 }, (_, i) => line(i) + '\n').join(''));
  for (const i of [0, 1, 2, 3, 10_000, 29_999]) {
    const alone = parseDockerfile(`FROM debian:12\n${line(i)}\n`).instructions[1]!;
    assert.deepEqual(fieldsOf(many.instructions[i + 1]!), { ...fieldsOf(alone), startLine: i + 2, endLine: i + 2 });
  }
});

test('the empty lists an instruction reads are shared and frozen: a push fails rather than change every instruction', () => {
  const [from, run] = parseDockerfile('FROM a\nRUN b\n').instructions;
  assert.equal(from!.flags, run!.comments);
  assert.throws(() => run!.flags.push({ name: 'x' }), TypeError);
});
