/**
 * `npm run bench:hostile`: wall time and peak RSS of the CLI on the "time and memory" inputs of issue 16 —
 * whitespace runs, 100k RUN lines, 10k stages, a 21 MB line, 10 MB Dockerfiles, 100k history entries as
 * Checkstyle, nested indexes with fan-out. Each input is generated here into a temporary directory (none is
 * committed), the bundled bin runs on it under `/usr/bin/time` (wall, user+system CPU, peak RSS), stdout goes to /dev/null, and a
 * Markdown table is printed (`--json` for tools; `--only TEXT` runs the cases whose name contains TEXT;
 * `--runs N` keeps the best of N). The figures belong in docs/hostile-input.md; here nothing is asserted,
 * since a busy machine changes them (tests assert no time).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { craftDockerArchive } from '../test/archive/craft.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'dist/bundle/cli/bin.js');
const TIMEOUT_MS = 120_000;

interface HostileCase {
  name: string;
  /** Writes the input under dir and returns the CLI arguments. */
  make: (dir: string) => Promise<string[]> | string[];
}

const lines = (count: number, line: (i: number) => string) => {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(line(i));
  return parts.join('');
};

/** The committed sample Dockerfiles, repeated until the text is `bytes` long (stage names kept unique). */
function samplesRepeated(bytes: number): string {
  const dir = join(repoRoot, 'samples/dockerfiles');
  const sources = readdirSync(dir).filter((n) => n.endsWith('Dockerfile')).sort().map((n) => readFileSync(join(dir, n), 'utf8').replace(/^# ?(syntax|escape)=.*\n/gm, ''));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = sources[i % sources.length].replace(/\b(AS|as) (\w+)/g, `$1 $2${i}`).replace(/--from=(\w+)/g, `--from=$1${i}`) + '\n';
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

function dockerfile(name: string, text: string | (() => string), format = 'text'): HostileCase {
  return {
    name,
    make: (dir) => {
      const path = join(dir, name.replace(/[^a-z0-9]+/gi, '-') + '.Dockerfile');
      writeFileSync(path, typeof text === 'string' ? text : text());
      return ['lint', path, '--format', format];
    },
  };
}

const sha256 = (data: Buffer | string) => 'sha256:' + createHash('sha256').update(data).digest('hex');

/**
 * An OCI layout (the waste sample) whose index.json points to an index that lists the next level `fanOut`
 * times, `levels` deep, the last level listing the real manifest.
 */
function nestedIndexes(dir: string, levels: number, fanOut: number): string {
  const layout = join(dir, `nested-${levels}x${fanOut}`);
  cpSync(join(repoRoot, 'samples/waste.oci-zstd'), layout, { recursive: true });
  const top = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  let descriptor = top.manifests[0];
  for (let level = 0; level < levels; level++) {
    const text = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: Array(fanOut).fill(descriptor) });
    const digest = sha256(text);
    writeFileSync(join(layout, 'blobs/sha256', digest.slice(7)), text);
    descriptor = { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: Buffer.byteLength(text) };
  }
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ ...top, manifests: [descriptor] }));
  return layout;
}

const MB = 1024 * 1024;
const spaces = 'RUN a' + ' '.repeat(100_000) + 'b\n';
const aptLine = 'RUN apt-get install -y curl\n';

export const CASES: HostileCase[] = [
  dockerfile('RUN a<100k spaces>b', 'FROM busybox\n' + spaces),
  dockerfile('800 KB of whitespace-run lines', 'FROM busybox\n' + spaces.repeat(8)),
  dockerfile('10 MB of whitespace-run lines', () => 'FROM busybox\n' + spaces.repeat(100)),
  dockerfile('100,000 lines RUN apt-get install -y curl', () => 'FROM debian:12\n' + aptLine.repeat(100_000)),
  dockerfile('10,000 stages', () => lines(10_000, (i) => `FROM debian:12 AS s${i}\nRUN apt-get install -y curl\nCOPY --from=s${Math.max(0, i - 1)} /a /b\n`)),
  dockerfile('one 21 MB RUN line', () => 'FROM busybox\nRUN echo ' + 'a'.repeat(21 * MB) + '\n'),
  dockerfile('10 MB: the sample Dockerfiles repeated', () => samplesRepeated(10 * MB)),
  dockerfile('10 MB: the sample Dockerfiles repeated, JSON', () => samplesRepeated(10 * MB), 'json'),
  dockerfile('10 MB: RUN apt-get lines', () => 'FROM debian:12\n' + aptLine.repeat(Math.ceil(10 * MB / aptLine.length))),
  dockerfile('10 MB: one RUN line of words', () => 'FROM busybox\nRUN echo ' + 'word '.repeat(2 * MB) + '\n'),
  dockerfile('10 MB: RUN apt-get lines, every one different', () => 'FROM debian:12\n' + lines(Math.ceil(10 * MB / (aptLine.length + 4)), (i) => `RUN apt-get install -y curl${i}\n`)),
  dockerfile('10 MB of empty lines', () => 'FROM busybox\n' + '\n'.repeat(10 * MB)),
  {
    name: 'analyze --format checkstyle, 100,000 history entries',
    make: async (dir) => {
      const history = [{ created_by: '/bin/sh -c #(nop) ADD file:abc in / ' }, ...Array.from({ length: 100_000 }, (_, i) => ({ created_by: `/bin/sh -c #(nop)  ENV A${i}=b`, empty_layer: true }))];
      const path = join(dir, 'history.tar');
      writeFileSync(path, await craftDockerArchive([{ entries: [{ name: 'etc/', type: 'directory' }, { name: 'etc/greeting', content: 'hi\n' }] }], { config: (c) => ({ ...c, history }) }));
      return ['analyze', path, '--format', 'checkstyle', '--fail-on', 'none'];
    },
  },
  { name: 'nested indexes, 4 levels × 20', make: (dir) => ['analyze', nestedIndexes(dir, 4, 20), '--format', 'json', '--fail-on', 'none'] },
  { name: 'nested indexes, 4 levels × 40', make: (dir) => ['analyze', nestedIndexes(dir, 4, 40), '--format', 'json', '--fail-on', 'none'] },
];

interface Measurement { name: string; inputBytes: number; exit: number | null; seconds: number; cpuSeconds: number; peakMB: number; timedOut: boolean }

function measure(args: string[], dir: string): Promise<Omit<Measurement, 'name' | 'inputBytes'>> {
  const timeFile = join(dir, 'time.txt');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', process.execPath, bin, ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'ignore', 'ignore'] });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const text = readFileSync(timeFile, 'utf8').trim().split('\n');
      const [seconds, user, system, kb] = text[text.length - 1].split(' ').map(Number);
      const exit = /exited with non-zero status (\d+)/.exec(text.join('\n'));
      resolve({ exit: exit ? Number(exit[1]) : 0, seconds: timedOut ? TIMEOUT_MS / 1000 : seconds, cpuSeconds: user + system, peakMB: Math.round(kb / 1024), timedOut });
    });
  });
}

function inputSize(args: string[]): number {
  const path = args[1];
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of readdirSync(path, { recursive: true }) as string[]) {
    const s = statSync(join(path, name));
    if (s.isFile()) total += s.size;
  }
  return total;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const only = option('only');
  const runs = Number(option('runs') ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'tsimage-hostile-bench-'));
  const results: Measurement[] = [];
  try {
    for (const c of CASES) {
      if (only && !c.name.includes(only)) continue;
      const caseDir = join(dir, String(results.length));
      mkdirSync(caseDir);
      const args = await c.make(caseDir);
      let best: Omit<Measurement, 'name' | 'inputBytes'> | undefined;
      for (let run = 0; run < runs; run++) {
        const m = await measure(args, caseDir);
        if (!best || m.seconds < best.seconds) best = m;
      }
      results.push({ name: c.name, inputBytes: inputSize(args), ...best! });
      rmSync(caseDir, { recursive: true, force: true });
      if (!process.argv.includes('--json')) process.stderr.write(`${c.name}: ${best!.seconds} s, CPU ${best!.cpuSeconds.toFixed(2)} s, ${best!.peakMB} MB\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log('| input | size | exit | wall | CPU (user+sys) | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    const size = r.inputBytes >= MB ? `${(r.inputBytes / MB).toFixed(1)} MB` : `${Math.round(r.inputBytes / 1024)} KB`;
    console.log(`| ${r.name} | ${size} | ${r.timedOut ? 'killed' : r.exit} | ${r.timedOut ? `> ${r.seconds}` : r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${r.peakMB} MB |`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
