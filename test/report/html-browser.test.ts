/**
 * The HTML report in a real browser (issue 19): Debian's chromium driven by playwright-core. It must render
 * with no console error and no request, show the largest wasted file first, filter the tree, and keep a
 * hostile image's names as text. A screenshot and the page are left in .ci/artifacts/ for CI to keep.
 * Skips, saying what is missing, without chromium or playwright-core.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot, runCli, sample } from '../helpers.js';
import { HOSTILE_NAMES, hostileArchive } from './hostile-image.js';

const CHROMIUM = [process.env.TSIMAGE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => Boolean(p && existsSync(p)));
const ARTIFACTS = join(repoRoot, '.ci', 'artifacts');

type Playwright = typeof import('playwright-core');
async function loadPlaywright(): Promise<Playwright | undefined> {
  try {
    return await import('playwright-core');
  } catch {
    return undefined;
  }
}
const playwright = await loadPlaywright();
const missing = !CHROMIUM ? 'chromium is not installed (apt-get install chromium, or set TSIMAGE_CHROMIUM)' : !playwright ? 'playwright-core is not installed (npm install)' : undefined;
if (missing) console.log(`# skipped the browser tests of the HTML report: ${missing}`);

describe('html report in chromium', { skip: missing }, () => {
  let dir: string;
  let browser: import('playwright-core').Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsimage-html-'));
    browser = await playwright!.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens the page and records everything that would show it is broken: errors, requests, dialogs. */
  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    const url = pathToFileURL(file).href;
    page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
    await page.goto(url);
    return { page, problems };
  }

  it('renders the waste sample: largest wasted file first, the tree filters, layers switch', async () => {
    const file = join(dir, 'waste.html');
    const result = await runCli(['analyze', sample('waste.docker.tar'), '--format', `html=${file}`]);
    assert.equal(result.code, 0, result.stderr);
    const { page, problems } = await open(file);

    assert.equal(await page.title(), 'tsimage: tsimage-sample/waste:1');
    // The chart: one bar row per layer, the deleted file's layer with a wasted segment.
    assert.equal(await page.locator('.chart svg').first().locator('text').filter({ hasText: /^\d+ {2}/ }).count(), 12);
    assert.ok(await page.locator('.chart rect[fill="var(--waste)"]').count() > 0, 'a wasted segment is drawn');

    // Wasted files: the 300 kB big.bin deleted by a later RUN comes first, then no row is larger than the one above.
    const rows = page.locator('#wasted tbody tr');
    assert.match(await rows.first().innerText(), /\/srv\/app\/big\.bin/);
    assert.match(await rows.first().innerText(), /removed by layer 7/);
    const sizes = await rows.locator('td:first-child span').evaluateAll((spans) => spans.map((s) => Number(s.getAttribute('title')!.split(' ')[0])));
    assert.equal(sizes[0], 300000);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));

    // Filtering the final tree: only dup files and the directories leading to them stay visible.
    const visibleLeaves = () => page.locator('#files-final li[data-p]:visible > .leaf').evaluateAll((els) => els.map((e) => e.closest('li')!.getAttribute('data-p')));
    assert.ok((await visibleLeaves()).includes('/srv/app/config.dat'));
    await page.fill('#filter', 'dup-');
    assert.deepEqual((await visibleLeaves()).sort(), ['/opt/dup-b.bin', '/srv/app/dup-a.bin']);
    assert.equal(await page.locator('.filterbar .count').innerText(), '5 shown');
    await page.fill('#filter', '');
    assert.ok((await visibleLeaves()).includes('/srv/app/config.dat'));

    // Layer 7's changes: big.bin, removed.
    await page.selectOption('select[data-switch]', 'tree-layer-7');
    assert.equal(await page.locator('#tree-final').isVisible(), false);
    const removed = page.locator('#files-layer-7 li[data-p="/srv/app/big.bin"]');
    assert.equal(await removed.getAttribute('class'), 'm-removed');
    assert.match(await removed.innerText(), /R\s*−300 kB\s*big\.bin/);
    await page.selectOption('select[data-switch]', 'tree-final');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    await copyFile(file, join(ARTIFACTS, 'html-report.html'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('renders diff --format html: both images side by side, the changed files filter', async () => {
    const file = join(dir, 'diff.html');
    const result = await runCli(['diff', sample('good.docker.tar'), sample('waste.docker.tar'), '--format', 'html', '-o', file]);
    assert.equal(result.code, 0, result.stderr);
    const { page, problems } = await open(file);
    const columns = page.locator('.cols').first().locator(':scope > div');
    assert.equal(await columns.count(), 2);
    assert.match(await columns.nth(0).locator('h2').innerText(), /^A: tsimage-sample\/good:1$/);
    assert.match(await columns.nth(1).locator('h2').innerText(), /^B: tsimage-sample\/waste:1$/);
    // Each side's chart: one row per layer.
    assert.equal(await columns.nth(0).locator('svg rect').count(), 2, 'good has 3 layers, one of 0 bytes (no bar)');
    assert.equal(await page.locator('#diff-files li[data-p="/app/run.sh"]').getAttribute('class'), 'm-removed');
    await page.fill('#filter', 'copied');
    assert.deepEqual(await page.locator('#diff-files li[data-p]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-p'))), ['/srv', '/srv/app', '/srv/app/copied.bin']);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-diff.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows hostile names and history as text: no script runs, no element is injected', async () => {
    const archive = join(dir, 'hostile.tar');
    await writeFile(archive, await hostileArchive());
    const file = join(dir, 'hostile.html');
    const result = await runCli(['analyze', archive, '--format', `html=${file}`]);
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const { page, problems } = await open(file);
    assert.equal(await page.locator('script').count(), 1, 'only the page\'s own script');
    assert.equal(await page.locator('img, iframe, object, embed').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned), undefined);
    for (const name of HOSTILE_NAMES) {
      // The attribute holds the name exactly: escaped on the way in, read back as the same text.
      assert.equal(await page.locator('#files-final li[data-p]').evaluateAll((els, n) => els.some((e) => e.getAttribute('data-p') === `/${n}`), name), true, name);
    }
    assert.match(await page.locator('#dockerfile ~ div.mono').innerText(), /<script>window\.pwned=true<\/script>/);
    await page.screenshot({ path: join(dir, 'hostile.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
