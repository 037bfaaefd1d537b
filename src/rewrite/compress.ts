import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import * as zlib from 'node:zlib';
import { UsageError } from '../errors.js';
import { findZstdBinary } from '../archive/decompress.js';

export type OutputCompression = 'gzip' | 'zstd';

/**
 * A compressor for a rewritten layer. gzip runs in libuv's thread pool, so several layers compress at once
 * on several cores. Node 20 has no zstd encoder (zlib gained one in 22.15): the `zstd` program is used then.
 */
export function createCompressor(kind: OutputCompression): Duplex {
  if (kind === 'gzip') return zlib.createGzip({ level: 6, chunkSize: 1 << 17 });
  const native = (zlib as unknown as { createZstdCompress?: () => Duplex }).createZstdCompress;
  if (typeof native === 'function') return native();
  return zstdProcess();
}

/** Refuses --compression zstd up front when nothing here can write zstd. */
export function checkCompressionAvailable(kind: OutputCompression): void {
  if (kind !== 'zstd') return;
  if (typeof (zlib as unknown as { createZstdCompress?: unknown }).createZstdCompress === 'function') return;
  if (!findZstdBinary()) throw new UsageError('--compression zstd needs the zstd program on PATH (apt-get install zstd) or Node >= 22.15');
}

function zstdProcess(): Duplex {
  const child = spawn('zstd', ['-q', '-c', '-3', '-T1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const duplex = Duplex.from({ writable: child.stdin, readable: child.stdout });
  child.on('close', (code) => {
    if (code !== 0) duplex.destroy(new Error(`zstd exited with ${code}: ${stderr.trim()}`));
  });
  child.on('error', (error) => duplex.destroy(error));
  return duplex;
}
