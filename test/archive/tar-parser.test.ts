import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TarParser } from '../../src/archive/tar-parser.js';
import { TarFormatError, type TarHeaderFields } from '../../src/archive/tar-header.js';
import { indexTarFile } from '../../src/archive/tar-index.js';
import { tempDir } from '../helpers.js';

// Archives written by GNU tar in each format it knows, so the parser meets real long names (GNU `L`/`K`
// records, pax `x` records, the ustar prefix) and large ids (base-256, pax), not what we imagine of them.
const dir = tempDir('tsimage-tar-');
after(() => rmSync(dir, { recursive: true, force: true }));

const tree = join(dir, 'tree');
const longDir = 'd'.repeat(60) + '/' + 'e'.repeat(60);
const longName = 'n'.repeat(180) + '.txt';
mkdirSync(join(tree, 'etc'), { recursive: true });
mkdirSync(join(tree, longDir), { recursive: true });
writeFileSync(join(tree, 'etc/hosts'), '127.0.0.1 localhost\n');
writeFileSync(join(tree, 'empty'), '');
writeFileSync(join(tree, 'block'), Buffer.alloc(512, 7));
writeFileSync(join(tree, 'odd'), Buffer.alloc(1000, 3));
writeFileSync(join(tree, longDir, 'f'), 'deep\n');
symlinkSync('etc/hosts', join(tree, 'link'));
const longTree = join(dir, 'long');
mkdirSync(longTree);
writeFileSync(join(longTree, longName), 'long name\n');
symlinkSync('/' + 't'.repeat(150), join(longTree, 'far'));

function gnuTar(source: string, format: string, name: string, extra: string[] = []): Buffer {
  const out = join(dir, name);
  execFileSync('tar', ['-C', source, '--format', format, '--sort=name', '--mtime=@1700000000', '--owner=0', '--group=0', '--numeric-owner', ...extra, '-cf', out, '.']);
  return readFileSync(out);
}

interface Seen { header: TarHeaderFields; sha: string; bytes: number }

function parse(archive: Buffer, chunkSize = archive.length): Seen[] {
  const seen: Seen[] = [];
  let hash = createHash('sha256');
  let bytes = 0;
  const parser = new TarParser({
    entry(header) { hash = createHash('sha256'); bytes = 0; seen.push({ header, sha: '', bytes: 0 }); },
    data(chunk) { hash.update(chunk); bytes += chunk.length; },
    entryEnd() { const last = seen[seen.length - 1]; last.sha = hash.digest('hex'); last.bytes = bytes; },
  });
  // The parser is given one reused buffer, as a file read loop would: it must copy what it keeps.
  const reused = Buffer.alloc(chunkSize);
  for (let at = 0; at < archive.length; at += chunkSize) {
    const n = archive.copy(reused, 0, at, Math.min(at + chunkSize, archive.length));
    parser.write(reused.subarray(0, n));
    reused.fill(0xee);
  }
  parser.end();
  return seen;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const summary = (seen: Seen[]) => seen.map((s) => `${s.header.flag} ${s.header.name.replace(/^\.\//, '')} ${s.header.size} ${s.header.linkname} ${s.bytes}`);

test('every GNU tar format of the same tree parses to the same entries, contents and metadata', () => {
  const results = ['gnu', 'oldgnu', 'pax', 'ustar'].map((format) => ({ format, seen: parse(gnuTar(tree, format, `tree.${format}.tar`)) }));
  const expected = summary(results[0].seen);
  for (const { format, seen } of results) {
    assert.deepEqual(summary(seen), expected, format);
    const byName = new Map(seen.map((s) => [s.header.name.replace(/^\.\//, '').replace(/\/$/, ''), s]));
    assert.equal(byName.get('etc/hosts')!.sha, sha('127.0.0.1 localhost\n'), format);
    assert.equal(byName.get('odd')!.sha, sha(Buffer.alloc(1000, 3)), format);
    assert.equal(byName.get(`${longDir}/f`)!.sha, sha('deep\n'), `${format}: a 128-character path (ustar keeps it in the prefix field)`);
    assert.equal(byName.get('link')!.header.linkname, 'etc/hosts', format);
    assert.equal(byName.get('etc/hosts')!.header.mtime, 1700000000, format);
    assert.equal(byName.get('etc/hosts')!.header.mode & 0o777, 0o644, format);
  }
});

test('v7 archives (no magic field) parse like the others', () => {
  // v7 names stop at 99 bytes, so the deep directory is left out of both sides of the comparison.
  const exclude = ['--exclude', `./${longDir.split('/')[0]}`];
  const v7 = summary(parse(gnuTar(tree, 'v7', 'tree.v7.tar', exclude)));
  const gnu = summary(parse(gnuTar(tree, 'gnu', 'tree.gnu-short.tar', exclude)));
  assert.deepEqual(v7.map((line) => line.replace(/\/ /, ' ')), gnu.map((line) => line.replace(/\/ /, ' ')));
  assert.ok(v7.some((line) => line.startsWith('5 etc')), 'a v7 directory is typed as a directory');
});

test('GNU long-name records and pax records carry names and link targets past 100 bytes', () => {
  for (const format of ['gnu', 'pax']) {
    const seen = parse(gnuTar(longTree, format, `long.${format}.tar`));
    const names = seen.map((s) => s.header.name.replace(/^\.\//, ''));
    assert.ok(names.includes(longName), `${format}: ${names.join(', ')}`);
    assert.equal(seen.find((s) => s.header.name.endsWith('far'))!.header.linkname, '/' + 't'.repeat(150), format);
    assert.equal(seen.find((s) => s.header.name.endsWith('.txt'))!.sha, sha('long name\n'), format);
    assert.ok(!seen.some((s) => s.header.flag === 'L' || s.header.flag === 'K' || s.header.flag === 'x'), `${format}: extended records are not entries`);
  }
});

test('ids too large for the octal field: base-256 (GNU) and pax records both decode', () => {
  for (const format of ['gnu', 'pax']) {
    const seen = parse(gnuTar(tree, format, `uid.${format}.tar`, ['--owner=:3000000', '--group=:4000000']));
    const hosts = seen.find((s) => s.header.name.endsWith('etc/hosts'))!;
    assert.equal(hosts.header.uid, 3000000, format);
    assert.equal(hosts.header.gid, 4000000, format);
  }
});

test('any slicing of the stream gives the same result, even with the write buffer reused', () => {
  const archive = gnuTar(longTree, 'pax', 'slices.tar');
  const whole = parse(archive);
  for (const size of [1, 7, 100, 511, 512, 513, 4096]) assert.deepEqual(parse(archive, size), whole, `chunks of ${size}`);
});

test('the outer-archive index and the stream parser agree on names and sizes', async () => {
  const path = join(dir, 'index.pax.tar');
  writeFileSync(path, gnuTar(longTree, 'pax', 'index-src.tar'));
  const members = await indexTarFile(path);
  const streamed = parse(readFileSync(path)).filter((s) => s.header.flag === '0');
  for (const s of streamed) {
    const member = members.get(s.header.name.replace(/^\.\//, ''));
    assert.ok(member, s.header.name);
    assert.equal(member!.size, s.bytes);
  }
});

test('a stream cut inside a header, a body or its padding is truncated; a cut after the last entry is not', () => {
  const archive = gnuTar(tree, 'gnu', 'cut.tar');
  const seen = parse(archive);
  assert.ok(seen.length > 5);
  for (const cut of [100, 512 + 3, 1024 + 700, archive.length - 10240 - 1]) {
    assert.throws(() => parse(archive.subarray(0, cut)), (error: Error) => error instanceof TarFormatError && /unexpected end of data/.test(error.message), `cut at ${cut}`);
  }
  // GNU tar pads to 10 KiB records; a stream that stops where the end-of-archive blocks would start is whole.
  let end = archive.length;
  while (end >= 512 && archive.subarray(end - 512, end).every((b) => b === 0)) end -= 512;
  assert.deepEqual(parse(archive.subarray(0, end)), seen);
});

test('a header with a wrong checksum is refused with its byte offset', () => {
  const archive = Buffer.from(gnuTar(tree, 'ustar', 'checksum.tar'));
  const headers: number[] = [];
  for (let at = 0; at + 512 <= archive.length; at += 512) if (archive.toString('latin1', at + 257, at + 265) === 'ustar\u000000') headers.push(at);
  assert.ok(headers.length > 3);
  const target = Buffer.from(archive);
  target[headers[2] + 5] ^= 0x55;
  assert.throws(() => parse(target), new RegExp(`bad header checksum at byte ${headers[2]}`));
});

test('a pax record with a non-numeric size is refused, not read as zero', () => {
  const archive = Buffer.from(gnuTar(longTree, 'pax', 'badpax.tar'));
  const at = archive.indexOf(' path=');
  assert.ok(at > 0);
  // Rewrite "path=" into "size=" keeping the record length: the value is then not a number.
  archive.write(' size=', at, 'latin1');
  assert.throws(() => parse(archive), /bad number/);
});
