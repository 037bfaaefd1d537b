import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sample } from '../helpers.js';
import { craftDockerArchive, type CraftLayer } from '../archive/craft.js';
import { openImageForRuntime } from '../../src/runtime/opened-image.js';
import { unpackRootfs } from '../../src/runtime/unpack-rootfs.js';
import { InputError } from '../../src/errors.js';

/** Unpacks a crafted archive into a fresh rootfs inside a scratch dir that also holds an "outside" dir to attack. */
async function unpackCrafted(layers: CraftLayer[]): Promise<{ work: string; rootfs: string; outside: string; result: Promise<unknown> }> {
  const work = await mkdtemp(join(tmpdir(), 'tsimage-i7-unpack-'));
  const rootfs = join(work, 'rootfs');
  const outside = join(work, 'outside');
  await mkdir(rootfs);
  await mkdir(outside);
  await writeFile(join(outside, 'secret'), 'host file');
  const archive = join(work, 'image.tar');
  await writeFile(archive, await craftDockerArchive(layers));
  const result = (async () => {
    const opened = await openImageForRuntime(archive);
    try { return await unpackRootfs(opened, rootfs); } finally { await opened.close(); }
  })();
  result.catch(() => {});
  return { work, rootfs, outside, result };
}

test('unpacks the waste sample as an overlay would: whiteouts delete, opaque dirs hide, later layers win', async () => {
  const work = await mkdtemp(join(tmpdir(), 'tsimage-i7-unpack-'));
  try {
    const opened = await openImageForRuntime(sample('waste.docker.tar'));
    try { await unpackRootfs(opened, work); } finally { await opened.close(); }
    assert.deepEqual((await readdir(join(work, 'srv/app'))).sort(), ['config.dat', 'copied.bin', 'dup-a.bin']);
    assert.deepEqual(await readdir(join(work, 'data')), ['x']);
    assert.equal((await lstat(join(work, 'srv/app/config.dat'))).size, 20000);
    assert.equal(await readlink(join(work, 'bin/sh')), 'busybox');
    assert.equal((await lstat(join(work, 'tmp'))).mode & 0o7777, 0o1777, 'sticky bit kept');
    assert.equal((await lstat(join(work, 'home/app'))).uid, process.getuid?.() === 0 ? 10001 : (await lstat(work)).uid, 'owners kept when running as root');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('refuses a layer that writes through a symlink a lower layer planted to leave the rootfs', async () => {
  const { work, outside, result } = await unpackCrafted([
    { entries: [{ name: 'escape', type: 'symlink', linkname: '../outside' }] },
    { entries: [{ name: 'escape/secret', content: 'overwritten' }] },
  ]);
  try {
    await assert.rejects(result, (error) => error instanceof InputError && /parent escape is a symlink/.test(error.message));
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'host file');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('refuses an absolute symlink used as a parent, too', async () => {
  const { work, outside, result } = await unpackCrafted([
    { entries: [{ name: 'abs', type: 'symlink', linkname: '/' }] },
    { entries: [{ name: 'abs/etc/evil', content: 'x' }] },
  ]);
  try {
    await assert.rejects(result, /parent abs is a symlink/);
    assert.deepEqual(await readdir(outside), ['secret']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a file entry replacing a symlink replaces the link, never writes to its target', async () => {
  const { work, rootfs, outside, result } = await unpackCrafted([
    { entries: [{ name: 'link', type: 'symlink', linkname: '../outside/secret' }] },
    { entries: [{ name: 'link', content: 'new content' }] },
  ]);
  try {
    await result;
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'host file');
    assert.ok((await lstat(join(rootfs, 'link'))).isFile());
    assert.equal(await readFile(join(rootfs, 'link'), 'utf8'), 'new content');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('refuses a hard link whose target is a symlink or outside the rootfs', async () => {
  const { work, outside, result } = await unpackCrafted([
    { entries: [{ name: 'link', type: 'symlink', linkname: '../outside/secret' }, { name: 'hard', type: 'link', linkname: 'link' }] },
  ]);
  try {
    await assert.rejects(result, /not a regular file inside the root/);
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'host file');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a whiteout removes the symlink itself, not what it points to', async () => {
  const { work, rootfs, outside, result } = await unpackCrafted([
    { entries: [{ name: 'link', type: 'symlink', linkname: '../outside' }] },
    { entries: [{ name: '.wh.link', content: '' }] },
  ]);
  try {
    await result;
    assert.deepEqual(await readdir(rootfs), []);
    assert.deepEqual(await readdir(outside), ['secret']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('refuses a whiteout that would delete through a symlink', async () => {
  const { work, outside, result } = await unpackCrafted([
    { entries: [{ name: 'link', type: 'symlink', linkname: '../outside' }] },
    { entries: [{ name: 'link/.wh.secret', content: '' }] },
  ]);
  try {
    await assert.rejects(result, /parent link is a symlink/);
    assert.deepEqual(await readdir(outside), ['secret']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
