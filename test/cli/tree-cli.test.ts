/** `tsimage tree` on the committed samples: the text a person reads, the JSON a script reads, and bad options. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hasStackTrace, runCli, sample } from '../helpers.js';
import { hostileArchive } from '../report/hostile-image.js';

const WASTE = sample('waste.docker.tar');
const plain = { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } as NodeJS.ProcessEnv };
const dir = await mkdtemp(join(tmpdir(), 'tsimage-tree-'));
after(() => rm(dir, { recursive: true, force: true }));

test('what one layer changed: removed entries marked R with their bytes, the added one A', async () => {
  const result = await runCli(['tree', WASTE, '--layer', '10', '--changes'], plain);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, [
    'tsimage-sample/waste:1: what layer 10 changed (RUN rm -rf /data && mkdir /data && echo new > /data/x); A added, M modified, R removed',
    '        4 B  /  7 entries, 10.0 kB removed',
    '        4 B  └── data/',
    'R  -4.00 kB      ├── sub/',
    'R  -4.00 kB      │   └── d.bin',
    'R  -3.00 kB      ├── c.bin',
    'R  -2.00 kB      ├── b.bin',
    'R  -1.00 kB      ├── a.bin',
    'A       4 B      └── x',
    '',
  ].join('\n'));
});

test('the final filesystem cut by depth and size, with a line saying what was left out', async () => {
  const result = await runCli(['tree', WASTE, '--final', '--depth', '2', '--min-size', '1kB'], plain);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, [
    'tsimage-sample/waste:1: the final filesystem',
    '    2.18 MB  /  286 entries',
    '    1.98 MB  ├── bin/',
    '    1.98 MB  │   ├── busybox',
    '             │   └── … 268 more entries, 0 B',
    '     162 kB  ├── srv/',
    '     162 kB  │   └── app/',
    '             │       └── … 3 more entries, 162 kB',
    '    40.0 kB  ├── opt/',
    '    40.0 kB  │   └── dup-b.bin',
    '             └── … 9 more entries, 166 B',
    'left out: 280 of 286 entries, 163 kB (deeper than 2, smaller than 1.00 kB); shown 6',
    '',
  ].join('\n'));
});

test('the layer view marks the chmod copy M among the whole filesystem; colour adds to the letters, never replaces them', async () => {
  const plainOut = await runCli(['tree', WASTE, '--layer', '8'], plain);
  assert.match(plainOut.stdout, /^M {4}102 kB  │ {7}├── copied\.bin$/m);
  assert.doesNotMatch(plainOut.stdout, /\x1b/, 'NO_COLOR: no escape code');
  const coloured = await runCli(['tree', WASTE, '--layer', '8', '--color'], { env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: '1' } as NodeJS.ProcessEnv });
  assert.match(coloured.stdout, /\x1b\[33mM\x1b\[39m/);
});

test('--format json: the tree with totals, marks and the cut, for scripts', async () => {
  const result = await runCli(['tree', WASTE, '--layer', '7', '--changes', '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const tree = JSON.parse(result.stdout);
  assert.equal(tree.schema, 'tsimage.tree/v1');
  assert.equal(tree.view, 'changes');
  assert.equal(tree.layer, 7);
  assert.equal(tree.root.removedBytes, 300000);
  const bigBin = tree.root.children[0].children[0].children[0];
  assert.deepEqual([bigBin.path, bigBin.change, bigBin.removedBytes, bigBin.layer], ['srv/app/big.bin', 'removed', 300000, 2]);
});

test('bad options: one line on stderr and exit 2, before any layer is read where possible', async () => {
  for (const [args, message] of [
    [['--layer', '99'], /--layer 99: the image has 12 layers \(0 to 11\)/],
    [['--changes'], /--changes: name the layer with --layer N/],
    [['--min-size', 'lots'], /--min-size: not a size: lots/],
    [['--depth', '0'], /--depth: expected a whole number of at least 1/],
    [['--layer', '1', '--final'], /mutually exclusive/],
  ] as const) {
    const result = await runCli(['tree', WASTE, ...args]);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
    assert.ok(!hasStackTrace(result.stderr));
  }
});

test('a name with escape sequences and a newline cannot drive the terminal or fake a line', async () => {
  const archive = join(dir, 'hostile.tar');
  await writeFile(archive, await hostileArchive());
  const result = await runCli(['tree', archive], plain);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stdout, /\x1b|\x07/);
  assert.match(result.stdout, /\\x1b\[2J\\x0afake line\\x07$/m);
  assert.doesNotMatch(result.stdout, /^fake line/m);
});
