import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/**
 * Where a code cache lives: the directory, and which of the runs of one build it serves. A cache holds the
 * functions its run compiled, so `lint` and `analyze` (whose code barely overlaps) each keep their own.
 */
export interface CodeCachePlace {
  dir: string;
  /** Lower-case letters and dashes: part of the file name. */
  variant: string;
}

/** A CommonJS file run through V8 with its code cache, and the call that keeps a cache for the next run. */
export interface CachedScript {
  exports: Record<string, unknown>;
  /** Writes the code cache when this run had none, or V8 refused it; best effort, never throws. */
  saveCodeCache(): void;
}

/**
 * Runs a CommonJS file (the bundled CLI) as Node's `require` would, but compiled with V8's code cache: a run
 * that finds one skips parsing and compiling the functions the first run compiled (~60–90 ms of a short
 * `analyze`, measured in docs/benchmarks.md). Node 20 has no code cache for ES modules (`module.enableCompileCache`
 * is Node 22), which is why `bin` loads the CLI as one CommonJS file.
 *
 * The cache file is named by a hash of the source and of Node's version and architecture: V8 checks its own
 * version and flags, but only the source's length, so a rebuilt bundle of the same size must not find the old
 * cache. `cache` undefined: compiled without a cache, nothing written. `importModule` is the caller's
 * `import()`: a script run from the code cache has none of its own in Node 20 (src/import-module.ts).
 */
export function runWithCodeCache(file: string, cache: CodeCachePlace | undefined, importModule: (url: string) => Promise<unknown>): CachedScript {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cache === undefined ? undefined : join(cache.dir, `${cacheKey(source)}-${cache.variant}.v8`);
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string, importMetaUrl: string, importModule: (url: string) => Promise<unknown>) => void;
  run(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href, importModule);
  return {
    exports: module.exports,
    saveCodeCache() {
      if (!cacheFile || cacheUsed) return;
      try {
        // Made after the run, the cache holds the functions this run compiled, not only the top level.
        writeAtomically(cacheFile, script.createCachedData());
        removeOtherCaches(cacheFile);
      } catch {
        // A read-only or full cache directory only costs the next run its compile time.
      }
    },
  };
}

/** The function wrapper Node puts around a CommonJS module, with two more parameters: `import.meta.url` and `import()`. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname, __importMetaUrl, __importModule) {${source}\n})`;
}

function cacheKey(source: string): string {
  return createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 32);
}

/** V8's cache of this bundle is ~1 MB: a file many times that size is not one, and is not read into memory. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    if (size === 0 || size > MAX_CACHE_BYTES) return undefined;
    const data = Buffer.allocUnsafe(size);
    return readSync(fd, data, 0, size, 0) === size ? data : undefined;
  } catch {
    return undefined; // none yet, or unreadable: compiled without it
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whole or not at all: two runs saving at once, or one killed halfway, never leave a torn cache. */
function writeAtomically(file: string, data: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  // A name no one can have guessed, created exclusively: a link planted there is never written through.
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(temporary, data, { flag: 'wx' });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** A temporary file this old was left by a run that died between write and rename. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Caches of earlier builds or Node versions will not be read again: only this build's stay. */
function removeOtherCaches(kept: string): void {
  const dir = dirname(kept);
  const build = basename(kept).slice(0, basename(kept).indexOf('-') + 1);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (/\.v8\.tmp-/.test(name)) {
      if (Date.now() - statSync(path).mtimeMs > ABANDONED_AFTER_MS) rmSync(path, { force: true });
    } else if (name.endsWith('.v8') && !name.startsWith(build)) {
      rmSync(path, { force: true });
    }
  }
}
