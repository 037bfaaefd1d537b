/**
 * tsimage's own fuzzer: `npm run fuzz -- --seconds N [--seed S] [--jobs J]`.
 *
 * Mutations that reach deep code: archives are re-packed around the mutation with valid digests and diff_ids
 * (the config and layers of a real sample, crafted by test/archive/craft.ts), tar headers keep a valid
 * checksum, Dockerfiles are mutated line-wise from the samples. Checked is the bad-input contract only:
 * - the CLI exits 0, 1 or 2; on 2 it prints one line on stderr (notes aside), never a stack trace or an
 *   internal error; it finishes within the per-run timeout; it leaves nothing in TMPDIR;
 * - in process, the tar parser throws only TarFormatError, the Dockerfile linter only InputError.
 * Every failure is written to test/fuzz-cases/ (replayed by test/archive/fuzz-cases.test.ts) and the run
 * exits 1. A fixed seed replays the same inputs, so CI (a bounded run) cannot flake on a random draw.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { craftDockerArchive, sha256 } from '../test/archive/craft.js';
import { TarParser } from '../src/archive/tar-parser.js';
import { TarFormatError, TAR_BLOCK } from '../src/archive/tar-header.js';
import { HostileEntryError } from '../src/archive/entry-path.js';
import { InputError, UsageError } from '../src/errors.js';
import { lintDockerfiles } from '../src/lint/lint-dockerfile.js';
import { loadAllRules } from '../src/lint/load-rules.js';
import { TarFileStore } from '../src/archive/store.js';
import { readJson } from '../src/archive/formats/json.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist/src/cli/bin.js');
const casesDir = join(repoRoot, 'test/fuzz-cases');
const RUN_TIMEOUT_MS = 30_000;
const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'junit', 'gitlab', 'checkstyle'];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

/** mulberry32: small, seedable, the same sequence on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;

// ---- JSON documents ----------------------------------------------------------------------------------------

const DEEP = '@@deeply-nested-array@@';
const jsonText = (value: unknown) => JSON.stringify(value).replaceAll(`"${DEEP}"`, '['.repeat(5000) + ']'.repeat(5000));

function randomValue(r: Random, depth = 0): unknown {
  switch (r.int(12)) {
    case 0: return null;
    case 1: return -r.int(1e9);
    case 2: return r.next() * 1e20;
    case 3: return 'x'.repeat(r.int(3) === 0 ? 100_000 : 10);
    case 4: return 'sha256:' + '0'.repeat(64);
    case 5: return true;
    case 6: return depth < 3 ? { a: randomValue(r, depth + 1) } : {};
    case 7: return Array.from({ length: r.pick([0, 1, 3, 30_000]) }, () => 'sha256:' + 'a'.repeat(64));
    case 8: return DEEP; // JSON.stringify recurses: the 5,000-deep array is spliced into the text afterwards
    case 9: return '\u0000\ud800 ../../etc';
    case 10: return [1, 'two', { three: 3 }];
    default: return '';
  }
}

/** One structural change somewhere in a JSON value: a key dropped, a value replaced, a list multiplied. */
function mutateJson(value: unknown, r: Random): unknown {
  const root = structuredClone(value) as Record<string, unknown>;
  let node: unknown = root;
  for (let depth = 0; depth < 4; depth++) {
    const container = node as Record<string, unknown> | unknown[];
    const keys = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container ?? {});
    if (keys.length === 0) break;
    const key = r.pick(keys as (string | number)[]);
    const child = (container as any)[key];
    const descend = child !== null && typeof child === 'object' && r.int(3) > 0;
    if (descend) { node = child; continue; }
    const action = r.int(5);
    if (action === 0 && !Array.isArray(container)) delete (container as any)[key];
    else if (action === 1 && Array.isArray(child)) (container as any)[key] = Array.from({ length: r.pick([2, 100, 100_000]) }, () => child[0] ?? 'x');
    else (container as any)[key] = randomValue(r);
    break;
  }
  return root;
}

// ---- tar bytes ---------------------------------------------------------------------------------------------

function fixChecksum(block: Buffer, at: number): void {
  block.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + TAR_BLOCK; i++) sum += block[i];
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 'latin1');
}

/** Changes one header field of one entry (type, size, name, a base-256 number), keeping the checksum valid. */
function mutateTar(tar: Buffer, r: Random): Buffer {
  const out = Buffer.from(tar);
  const headers: number[] = [];
  for (let at = 0; at + TAR_BLOCK <= out.length; at += TAR_BLOCK) if (out.toString('latin1', at + 257, at + 262) === 'ustar') headers.push(at);
  if (headers.length === 0) return out;
  const at = r.pick(headers);
  switch (r.int(7)) {
    case 0: out[at + 156] = r.pick([0x30, 0, 0x35, 0x32, 0x31, 0x78, 0x4c, 0x67, 0x53]); break;
    case 1: { out[at + 124] = 0x80 | (r.int(2) ? 0x40 : 0); for (let i = 125; i < 136; i++) out[at + i] = r.int(256); break; }
    case 2: { out[at + 136] = 0xff; for (let i = 137; i < 148; i++) out[at + i] = 0xff; break; }
    case 3: { const name = r.pick(['x/', '../x', '/abs', 'a\u0000b', 'dir/']); out.fill(0, at, at + 100); out.write(name, at, 'utf8'); break; }
    case 4: out.write(r.int(1e6).toString(8).padStart(11, '0'), at + 124, 'latin1'); break;
    case 5: out[at + r.int(TAR_BLOCK)] = r.int(256); break;
    default: return Buffer.concat([out, Buffer.alloc(r.int(2000))]);
  }
  fixChecksum(out, at);
  return out;
}

// ---- cases -------------------------------------------------------------------------------------------------

interface Sample { config: Record<string, unknown>; layers: Buffer[] }

async function loadSample(): Promise<Sample> {
  const store = await TarFileStore.open(join(repoRoot, 'samples/good.docker.tar'));
  const [entry] = (await readJson(store, 'manifest.json')) as { Config: string; Layers: string[] }[];
  const config = (await readJson(store, entry.Config)) as Record<string, unknown>;
  const layers = [];
  for (const layer of entry.Layers) layers.push(await store.readBytes(layer, 64 * 1024 * 1024));
  return { config, layers };
}

interface Case { kind: string; data: Buffer; args: string[]; ext: string }

async function archiveCase(sample: Sample, r: Random): Promise<Case> {
  const layers = sample.layers.map((l) => (r.int(3) === 0 ? mutateTar(l, r) : l));
  const compressed = layers.map((plain) => {
    const choice = r.int(5);
    if (choice === 0) return { raw: gzipSync(plain), diffIdOverride: sha256(plain) };
    if (choice === 1) return { raw: Buffer.concat([gzipSync(plain), r.int(2) ? gzipSync(Buffer.alloc(0)) : Buffer.alloc(1 + r.int(30))]), diffIdOverride: sha256(plain) };
    return { raw: plain };
  });
  const diffIds = layers.map((l) => sha256(l));
  const mutateConfig = r.int(2) === 0;
  const config = { ...sample.config, rootfs: { type: 'layers', diff_ids: diffIds } };
  const archive = await craftDockerArchive(compressed.map((c) => ({ entries: [], ...c })), {
    rawConfig: Buffer.from(jsonText(mutateConfig ? mutateJson(config, r) : config)),
  });
  return { kind: 'archive', data: r.int(4) === 0 ? gzipSync(archive) : archive, args: ['analyze', '--format', r.pick(FORMATS)], ext: 'tar' };
}

const DOCKERFILE_LINES = [
  'ADD [1, 2]', 'COPY ["a", 3] /x', 'HEALTHCHECK CMD [true]', 'RUN a' + ' '.repeat(50_000) + 'b', 'RUN <<EOF\necho hi\nEOF', 'FROM busybox AS s',
  'COPY --from=nowhere /a /b', 'ARG TOKEN', 'ARG a(_token', 'RUN echo $TOKEN | tee x', 'SHELL ["/bin/sh", "-c"]', 'ENV PASSWORD=hunter22',
  'RUN apt-get install -y curl', 'CMD ["x"]', 'ENTRYPOINT x', 'USER root', 'RUN \\', '# tsimage ignore=pipefail', 'ONBUILD RUN [1]', '\t', '[',
];

const SHORT_LINES = DOCKERFILE_LINES.filter((l) => l.length < 200);

function mutateDockerfile(text: string, r: Random): string {
  const lines = text.split('\n');
  for (let n = 1 + r.int(4); n > 0; n--) {
    const at = r.int(lines.length + 1);
    switch (r.int(5)) {
      case 0: lines.splice(at, 0, r.pick(DOCKERFILE_LINES)); break;
      case 1: lines.splice(at, 0, ...Array(r.pick([10, 1000, 20_000])).fill(r.pick(SHORT_LINES))); break;
      case 2: lines.splice(at, 1); break;
      case 3: if (lines[at]) lines[at] = lines[at].slice(0, r.int(lines[at].length)) + r.pick(['\\', '"', "'", '[', '$', '\u0000', ' '.repeat(1000)]) + lines[at].slice(r.int(lines[at].length)); break;
      default: lines.splice(at, 0, 'x'.repeat(r.pick([1, 100_000]))); break;
    }
  }
  return lines.join('\n');
}

function dockerfileCase(sources: string[], r: Random): Case {
  return { kind: 'dockerfile', data: Buffer.from(mutateDockerfile(r.pick(sources), r)), args: ['lint', '--format', r.pick(FORMATS)], ext: 'Dockerfile' };
}

// ---- running and judging -----------------------------------------------------------------------------------

function runCli(args: string[], tmp: string): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1', TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, RUN_TIMEOUT_MS);
    child.stderr.on('data', (d) => { if (stderr.length < 100_000) stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr, timedOut }); });
  });
}

/** What is wrong with one CLI run, or undefined when it kept the contract. */
export function contractBreach(result: { code: number | null; stderr: string; timedOut: boolean }, leftInTmp: string[]): string | undefined {
  if (result.timedOut) return `no answer within ${RUN_TIMEOUT_MS / 1000} s`;
  if (result.code !== 0 && result.code !== 1 && result.code !== 2) return `exit code ${result.code}`;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(result.stderr) || result.stderr.includes('node:internal')) return 'a stack trace on stderr';
  if (/internal error/.test(result.stderr)) return result.stderr.trim().split('\n').find((l) => l.includes('internal error'));
  if (result.code === 2 && result.stderr.trim().split('\n').filter((l) => l && !l.startsWith('note:')).length !== 1) return 'exit 2 without exactly one error line';
  if (leftInTmp.length) return `left in TMPDIR: ${leftInTmp.join(', ')}`;
  return undefined;
}

async function runCase(c: Case, work: string, index: number): Promise<string | undefined> {
  const tmp = mkdtempSync(join(work, `tmp-${index}-`));
  const input = join(work, `input-${index}.${c.ext}`);
  writeFileSync(input, c.data);
  try {
    const result = await runCli([...c.args, input], tmp);
    return contractBreach(result, readdirSync(tmp));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(input, { force: true });
  }
}

/** In process: the tar parser fed the bytes in random slices may only throw TarFormatError (or a hostile-name error). */
function tarParserBreach(tar: Buffer, r: Random): string | undefined {
  const parser = new TarParser({ entry() {}, data() {}, entryEnd() {} });
  try {
    for (let at = 0; at < tar.length; ) {
      const take = 1 + r.int(4096);
      parser.write(tar.subarray(at, at + take));
      at += take;
    }
    parser.end();
  } catch (error) {
    if (error instanceof TarFormatError || error instanceof HostileEntryError) return undefined;
    return `tar parser threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
  return undefined;
}

function save(c: Case, why: string): string {
  mkdirSync(casesDir, { recursive: true });
  const name = `${c.kind}-${createHash('sha256').update(c.data).digest('hex').slice(0, 12)}.${c.ext}`;
  writeFileSync(join(casesDir, name), c.data);
  writeFileSync(join(casesDir, name + '.why'), `${c.args.join(' ')}\n${why}\n`);
  return name;
}

async function main(): Promise<number> {
  const seconds = option('seconds', 60);
  const seed = option('seed', Date.now() % 2 ** 31);
  const jobs = option('jobs', 2);
  console.log(`fuzz: seed ${seed}, ${seconds} s, ${jobs} jobs (replay with --seed ${seed})`);
  const sample = await loadSample();
  const dockerfileDir = join(repoRoot, 'samples/dockerfiles');
  const sources = readdirSync(dockerfileDir).filter((n) => n.endsWith('Dockerfile')).map((n) => readFileSync(join(dockerfileDir, n), 'utf8'));
  const rules = await loadAllRules([]);
  const work = mkdtempSync(join(tmpdir(), 'tsimage-fuzz-'));
  const deadline = Date.now() + seconds * 1000;
  const failures: string[] = [];
  let runs = 0;
  let inProcess = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (Date.now() < deadline) {
      const index = next++;
      // Each case draws from its own generator, so case N is the same input whatever the timing of the jobs.
      const r = random((seed * 1_000_003 + index) % 2 ** 32);
      // In-process checks: two per CLI run.
      for (let k = 0; k < 2; k++) {
        inProcess++;
        const tar = mutateTar(r.pick(sample.layers), r);
        const breach = tarParserBreach(tar, r);
        if (breach) failures.push(`${save({ kind: 'layer', data: tar, args: ['tar-parser'], ext: 'tar' }, breach)}: ${breach}`);
        const text = mutateDockerfile(r.pick(sources), r);
        try {
          await lintDockerfiles([{ file: 'fuzz.Dockerfile', text }], { rules });
        } catch (error) {
          if (!(error instanceof InputError || error instanceof UsageError)) {
            const why = `lint threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
            failures.push(`${save({ kind: 'dockerfile', data: Buffer.from(text), args: ['lint'], ext: 'Dockerfile' }, why)}: ${why}`);
          }
        }
      }
      const c = r.int(3) === 0 ? dockerfileCase(sources, r) : await archiveCase(sample, r);
      const breach = await runCase(c, work, index);
      runs++;
      if (breach) {
        const name = save(c, breach);
        failures.push(`${name}: ${breach}`);
        console.log(`fuzz: FAIL ${name}: ${breach}`);
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`fuzz: ${runs} CLI runs, ${inProcess} in-process parses, ${failures.length} failures`);
  for (const f of failures) console.log(`  ${f}`);
  if (failures.length) console.log(`fuzz: saved under test/fuzz-cases/; fix each, then keep it as a regression case`);
  return failures.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
