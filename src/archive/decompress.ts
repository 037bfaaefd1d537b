import { spawn } from 'node:child_process';
import { Duplex, Transform, PassThrough } from 'node:stream';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import * as zlib from 'node:zlib';
import { Decompress as FzstdDecompress } from 'fzstd';

export type Compression = 'none' | 'gzip' | 'zstd';

export function sniffCompression(head: Buffer): Compression | 'unknown' {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (looksLikeTar(head)) return 'none';
  return 'unknown';
}

/** ustar magic at 257, or an old-style v7 header whose checksum adds up; an empty tar is all zero blocks. */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return head.length > 0 && head.every((b) => b === 0);
  if (head.toString('latin1', 257, 262) === 'ustar') return true;
  if (head.subarray(0, 512).every((b) => b === 0)) return true;
  const stored = parseInt(head.toString('latin1', 148, 156).replace(/\0.*$/, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : head[i];
  return stored === sum;
}

let zstdOnPath: boolean | undefined;
export function findZstdBinary(): boolean {
  if (zstdOnPath === undefined) {
    zstdOnPath = (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'zstd')));
  }
  return zstdOnPath;
}

/**
 * Which zstd decoder is used. Node 20 has none built in (zlib gained zstd in 22.15); the system `zstd`
 * decodes several times faster than the pure-JS fzstd, which in turn cannot handle windows over 32 MiB.
 * Whatever decodes, the caller checks the result against the diff_id, so a wrong decode is caught.
 */
export function zstdDecoderName(): 'node-zlib' | 'zstd-cli' | 'fzstd' {
  if (typeof (zlib as any).createZstdDecompress === 'function' && process.env.TSIMAGE_ZSTD !== 'cli' && process.env.TSIMAGE_ZSTD !== 'fzstd') return 'node-zlib';
  if (findZstdBinary() && process.env.TSIMAGE_ZSTD !== 'fzstd') return 'zstd-cli';
  return 'fzstd';
}

export function createDecompressor(compression: Compression): Duplex {
  if (compression === 'none') return new PassThrough();
  if (compression === 'gzip') return gunzipStream();
  switch (zstdDecoderName()) {
    case 'node-zlib': return (zlib as any).createZstdDecompress();
    case 'zstd-cli': return zstdProcess();
    default: return fzstdStream();
  }
}

/**
 * gunzip that reads concatenated members, as Go's gzip.Reader (multistream, what containerd and Docker
 * unpack with) does, and refuses anything else after the last member: Go fails on trailing bytes that are
 * not a gzip header, even one zero byte. zlib alone ends quietly at trailing zeros, and the pipeline then
 * aborted with whatever stage noticed first, so the answer changed from run to run.
 */
function gunzipStream(): Duplex {
  const inner = zlib.createGunzip({ chunkSize: 1 << 17 });
  let fed = 0;
  let innerEnded = false;
  let inputEnded = false;
  let waitingForDrain: (() => void) | undefined;
  const settle = () => {
    if (!innerEnded || !inputEnded || duplex.destroyed) return;
    const trailing = fed - inner.bytesWritten;
    if (trailing > 0) duplex.destroy(new Error(`corrupt gzip data (${trailing} bytes after the end of the gzip stream that are not another gzip member)`));
    else duplex.push(null);
  };
  const duplex = new Duplex({
    write(chunk: Buffer, _encoding, done) {
      fed += chunk.length;
      // Once zlib has ended, the rest only counts as trailing data: the check at the end reports it.
      if (innerEnded) return done();
      if (inner.write(chunk)) done();
      else {
        waitingForDrain = done;
        inner.once('drain', () => { const next = waitingForDrain; waitingForDrain = undefined; next?.(); });
      }
    },
    final(done) {
      inputEnded = true;
      if (!innerEnded) inner.end();
      settle();
      done();
    },
    read() {
      inner.resume();
    },
    destroy(error, done) {
      inner.destroy();
      done(error);
    },
  });
  inner.on('data', (chunk) => { if (!duplex.push(chunk)) inner.pause(); });
  inner.on('error', (error) => duplex.destroy(error));
  inner.on('end', () => {
    innerEnded = true;
    const next = waitingForDrain;
    waitingForDrain = undefined;
    next?.();
    settle();
  });
  return duplex;
}

/**
 * `zstd -dc` as a Duplex. The output only ends once the process has exited cleanly, so a corrupt frame is
 * reported as zstd's own error rather than as a short stream (or an EPIPE on its stdin).
 */
function zstdProcess(): Duplex {
  const child = spawn('zstd', ['-dc', '-q', '--long=31'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let failed = false;
  child.stderr.on('data', (d) => { if (stderr.length < 2000) stderr += d; });
  const duplex = new Duplex({
    write(chunk, _encoding, done) {
      if (failed) return done();
      if (child.stdin.write(chunk)) done();
      else child.stdin.once('drain', () => done());
    },
    final(done) {
      child.stdin.end();
      done();
    },
    read() {
      child.stdout.resume();
    },
    destroy(error, done) {
      if (child.exitCode === null) child.kill();
      done(error);
    },
  });
  child.stdout.on('data', (chunk) => { if (!duplex.push(chunk)) child.stdout.pause(); });
  // zstd exits at the first bad frame and stops reading: later writes would fail with EPIPE.
  child.stdin.on('error', () => { failed = true; });
  child.on('error', (error) => duplex.destroy(error));
  child.on('close', (code, signal) => {
    if (code === 0) duplex.push(null);
    else if (!duplex.destroyed) {
      duplex.destroy(new Error(`corrupt zstd data (${stderr.trim().split('\n').pop() || (signal ? `zstd killed by ${signal}` : `zstd exited with ${code}`)})`));
    }
  });
  return duplex;
}

/** fzstd keeps back-references within 32 MiB only; a larger window would decode wrongly without an error. */
const FZSTD_MAX_WINDOW = 32 * 1024 * 1024;

export function zstdWindowSize(frame: Buffer): number | undefined {
  if (frame.length < 6 || frame.readUInt32LE(0) !== 0xfd2fb528) return undefined;
  const descriptor = frame[4];
  const singleSegment = (descriptor >> 5) & 1;
  if (singleSegment) return undefined; // window = content size, bounded by the frame itself
  const wd = frame[5];
  const exponent = wd >> 3;
  const mantissa = wd & 7;
  const base = 2 ** (10 + exponent);
  return base + (base / 8) * mantissa;
}

function fzstdStream(): Transform {
  let checked = false;
  let decoder: FzstdDecompress;
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        if (!checked) {
          checked = true;
          const window = zstdWindowSize(chunk);
          if (window !== undefined && window > FZSTD_MAX_WINDOW) {
            throw new Error(`zstd window of ${window} bytes is too large for the built-in decoder; install the zstd command`);
          }
        }
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        done();
      } catch (error) {
        done(error instanceof Error ? new Error(`corrupt zstd data (${error.message})`) : new Error('corrupt zstd data'));
      }
    },
    flush(done) {
      try { decoder.push(new Uint8Array(0), true); done(); } catch (error) { done(new Error(`corrupt zstd data (${(error as Error).message})`)); }
    },
  });
  decoder = new FzstdDecompress((data) => { transform.push(Buffer.from(data.buffer, data.byteOffset, data.length)); });
  return transform;
}
