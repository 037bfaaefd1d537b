/**
 * The HTML report without a browser: escaping of every string from the image, secrets masked, one script
 * only, and the size bound on an image of 100,000 files (the browser checks are html-browser.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeModel } from '../../src/analysis/report.js';
import { imageTrees } from '../../src/analysis/size-tree.js';
import type { Image, Layer, LayerEntry } from '../../src/image/model.js';
import { esc } from '../../src/report/html-page.js';
import { reporters } from '../../src/report/index.js';
import { craftDockerArchive } from '../archive/craft.js';
import { runCli, sample } from '../helpers.js';
import { HOSTILE_NAMES, hostileArchive } from './hostile-image.js';

const dir = await mkdtemp(join(tmpdir(), 'tsimage-html-unit-'));
after(() => rm(dir, { recursive: true, force: true }));

test('esc escapes the five HTML specials and shows control characters as U+FFFD', () => {
  assert.equal(esc(`<script>alert("x")</script>&'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  assert.equal(esc('a\x1b[2Jb\x00'), 'a\ufffd[2Jb\ufffd');
  assert.equal(esc('tab\tand\nnewline'), 'tab\tand\nnewline');
  assert.equal(esc(undefined), '');
});

test('a hostile image: names, history and labels come out as text, the page has only its own script', async () => {
  const archive = join(dir, 'hostile.tar');
  await writeFile(archive, await hostileArchive());
  const result = await runCli(['analyze', archive, '--format', 'html']);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const page = result.stdout;
  assert.equal(page.match(/<script/gi)?.length, 1, 'one script element: the page\'s own');
  assert.doesNotMatch(page, /<img|<b>bold|<b>x|onerror="window|--><!--/i);
  assert.match(page, /&lt;script&gt;window\.pwned=true&lt;\/script&gt;\.txt/);
  assert.match(page, /data-p="\/evil\/it&#39;s &quot;quoted&quot; &amp; &lt;b&gt;bold"/);
  for (const name of HOSTILE_NAMES) assert.ok(page.includes(`data-p="/${esc(name)}"`), name);
  assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-/);
});

test('secrets are masked in the page, the file trees included', async () => {
  const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
  const archive = join(dir, 'secret.tar');
  await writeFile(archive, await craftDockerArchive([{ entries: [{ name: `opt/${token}`, content: 'x' }] }], {
    config: (config) => ({ ...config, config: { Env: [`API_TOKEN=${token}`] }, history: [{ created_by: `/bin/sh -c #(nop) ENV API_TOKEN=${token}` }] }),
  }));
  const masked = await runCli(['analyze', archive, '--format', 'html']);
  assert.ok(!masked.stdout.includes(token), 'the token appears nowhere');
  assert.match(masked.stdout, /data-p="\/opt\//);
  const shown = await runCli(['analyze', archive, '--format', 'html', '--show-secrets']);
  assert.ok(shown.stdout.includes(token), '--show-secrets shows it');
});

test('--format html=FILE next to json: the JSON report is the same with or without the page', async () => {
  const file = join(dir, 'waste.html');
  const both = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json', '--format', `html=${file}`]);
  const alone = await runCli(['analyze', sample('waste.docker.tar'), '--format', 'json']);
  assert.equal(both.code, 0, both.stderr);
  const strip = (s: string) => s.replace(/"(created|tool\w*)": "[^"]*",?/g, '');
  assert.equal(strip(both.stdout), strip(alone.stdout));
  assert.match(await readFile(file, 'utf8'), /^<!DOCTYPE html>/);
});

/** An image model of 100,000 files in 20 layers (a bound test of the page, not of a reader: no archive needed). */
function bigImage(): Image {
  const layers: Layer[] = [];
  let n = 0;
  for (let l = 0; l < 20; l++) {
    const entries: LayerEntry[] = [];
    for (let i = 0; i < 5000; i++, n++) {
      entries.push({ path: `usr/lib/pkg${n % 300}/dir${n % 17}/file-${n}.so`, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1000 + (n * 7919) % 90000, mtime: 0, contentHash: `xxh64:${n.toString(16)}` });
    }
    layers.push({ index: l, digest: `sha256:${l}`, diffId: `sha256:${l}`, compression: 'none', compressedBytes: 0, tarBytes: 0, bytes: entries.reduce((s, e) => s + e.size, 0), entries, whiteouts: l ? [`usr/lib/pkg${l}/dir0`] : [], opaqueDirs: [], createdBy: `/bin/sh -c make layer-${l}` });
  }
  return {
    source: 'big', format: 'docker-archive', name: 'big:1', tags: ['big:1'], platform: { os: 'linux', architecture: 'amd64' },
    config: { Env: [], ExposedPorts: [], Volumes: [], Labels: {}, OnBuild: [] }, rawConfig: {},
    history: layers.map((l) => ({ index: l.index, createdBy: l.createdBy!, emptyLayer: false, layerIndex: l.index })), layers, notes: [],
  };
}

test('a 100,000-file image makes a page of a few MB that says what it left out', () => {
  const image = bigImage();
  const { report } = analyzeModel(image);
  const page = reporters.html(report, { trees: imageTrees(image.layers) });
  const bytes = Buffer.byteLength(page);
  console.log(`# html page for 100,000 files in 20 layers: ${bytes} bytes`);
  assert.ok(bytes < 5 * 1024 * 1024, `${bytes} bytes`);
  assert.match(page, /Showing the 5000 largest of \d+ entries; \d+ entries \([\d.]+ [kMG]B\) left out/);
});
