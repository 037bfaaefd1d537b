/**
 * `npm run bench:fleet`: `tsimage batch` over the generated fleet (test/fleet/fleet-images.ts: 51 images on
 * three bases) with an empty cache, then again with the cache the first pass filled (and with --rehash), and
 * with --no-cache;
 * best of N each (--runs N, default 3), wall time and peak RSS. A measurement, not a test: it fails only when
 * the warm report's rows differ from the cold one's (a cache must not change a result).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetUnavailable, makeFleet } from '../test/fleet/fleet-images.js';

function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a whole number, got ${process.argv[i + 1]}`);
  return value;
}
const runs = numberOption('--runs', 3);
const count = numberOption('--images', 51);
const bin = join(fileURLToPath(new URL('../../', import.meta.url)), 'dist/bundle/cli/bin.js');

interface Run { seconds: number; rssMb: number }

function batch(list: string, extra: string[], out: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'batch', list, '--format', `json=${out}`, '--fail-on', 'none', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) { reject(new Error(`batch exited ${code}: ${stderr.trim()}`)); return; }
      const rssKb = Number(stderr.trim().split('\n').pop());
      resolve({ seconds, rssMb: Math.round(rssKb / 1024) });
    });
  });
}

const best = (all: Run[]) => all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const rows = (file: string) => JSON.stringify((JSON.parse(readFileSync(file, 'utf8')) as { images: unknown }).images);

async function main() {
  const unavailable = await fleetUnavailable();
  if (unavailable) { process.stderr.write(`bench:fleet needs the engine to build the fleet: ${unavailable}\n`); process.exit(2); }
  const fleet = await makeFleet(count);
  const work = mkdtempSync(join(tmpdir(), 'tsimage-bench-fleet-'));
  try {
    const cold: Run[] = [];
    const warm: Run[] = [];
    const none: Run[] = [];
    const rehash: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const cache = join(work, `cache-${i}`);
      cold.push(await batch(fleet.list, ['--cache-dir', cache], join(work, 'cold.json')));
      warm.push(await batch(fleet.list, ['--cache-dir', cache], join(work, 'warm.json')));
      rehash.push(await batch(fleet.list, ['--cache-dir', cache, '--rehash'], join(work, 'rehash.json')));
      none.push(await batch(fleet.list, ['--no-cache'], join(work, 'none.json')));
      for (const name of ['warm', 'rehash', 'none']) {
        if (rows(join(work, 'cold.json')) !== rows(join(work, `${name}.json`))) throw new Error(`the ${name} run's rows differ from the cold run's`);
      }
    }
    const [c, w, n, r] = [best(cold), best(warm), best(none), best(rehash)];
    console.log(`| ${count} images, 3 bases (best of ${runs}) | wall | peak RSS |`);
    console.log('|---|---|---|');
    console.log(`| --no-cache | ${n.seconds.toFixed(2)} s | ${n.rssMb} MB |`);
    console.log(`| first pass, empty cache | ${c.seconds.toFixed(2)} s | ${c.rssMb} MB |`);
    console.log(`| second pass, same cache | ${w.seconds.toFixed(2)} s | ${w.rssMb} MB |`);
    console.log(`| second pass, same cache, --rehash | ${r.seconds.toFixed(2)} s | ${r.rssMb} MB |`);
    console.log(`\nsecond pass: ${(c.seconds / w.seconds).toFixed(1)}x faster than the first (${(c.seconds / r.seconds).toFixed(1)}x with --rehash)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => { process.stderr.write(`bench:fleet: ${error.message}\n`); process.exit(1); });
