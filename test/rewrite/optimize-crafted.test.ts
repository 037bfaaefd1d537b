/**
 * What no build here can write: the busybox base has no setfattr, so xattrs (pax SCHILY.xattr records)
 * come from a crafted layer, as do GNU/pax long names and a global pax header. Everything else is tested on
 * real images (optimize.test.ts, optimize-engine.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { craftDockerArchive, type CraftEntry } from '../archive/craft.js';
import { runCli, tempDir } from '../helpers.js';

const longName = `deep/${'n'.repeat(120)}/file.bin`;

function layers(xattr: string): { entries: CraftEntry[] }[] {
  return [
    { entries: [
      { name: 'deep/', type: 'directory' },
      { name: longName, content: 'x'.repeat(3000), pax: { 'SCHILY.xattr.user.note': xattr } },
      { name: 'caps', content: 'y'.repeat(100), pax: { 'SCHILY.xattr.security.capability': 'AQAAAg' } },
      { name: 'old', content: 'z'.repeat(2000) },
    ] },
    { entries: [{ name: 'old', content: 'new' }, { name: 'caps', content: 'y'.repeat(100), pax: { 'SCHILY.xattr.security.capability': 'AQAAAg' } }] },
  ];
}

async function optimizeJson(dir: string, name: string, xattr: string) {
  const input = join(dir, `${name}.tar`);
  writeFileSync(input, await craftDockerArchive(layers(xattr)));
  const { code, stdout, stderr } = await runCli(['optimize', input, '-o', join(dir, `${name}.out.tar`), '--no-keep-base', '--json']);
  assert.equal(code, 0, stderr);
  return { result: JSON.parse(stdout), output: join(dir, `${name}.out.tar`) };
}

test('xattrs and long names survive, and the filesystem digest sees the xattrs', async () => {
  const dir = tempDir('tsimage-optimize-crafted-');
  const a = await optimizeJson(dir, 'a', 'one');
  const b = await optimizeJson(dir, 'b', 'two');
  // Dropped: the first `old` (2000 bytes) and the first `caps` (100, the same bytes written again).
  assert.equal(a.result.droppedBytes, 2100);
  assert.equal(a.result.filesystem.output.digest, a.result.filesystem.input.digest);
  assert.notEqual(a.result.filesystem.input.digest, b.result.filesystem.input.digest, 'an xattr is part of the filesystem');
  const again = await runCli(['optimize', a.output, '-o', join(dir, 'a2.tar'), '--json']);
  assert.equal(again.code, 0, again.stderr);
  const twice = JSON.parse(again.stdout);
  assert.equal(twice.filesystem.input.digest, a.result.filesystem.input.digest, 'the output reads back to the same filesystem');
  assert.equal(twice.droppedBytes, 0, 'nothing is left to drop');
  const listing = await runCli(['analyze', a.output, '--format', 'json']);
  assert.equal(JSON.parse(listing.stdout).waste.reclaimableBytes, 0);
});
