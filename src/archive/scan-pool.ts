import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { Compression } from './decompress.js';
import { LayerDataError, type LayerScan, type ScanLimits } from './layer-scan.js';
import type { FileRange } from './store.js';
import { unpackEntries, type PackedEntries } from './packed-entries.js';

export interface ScanRequest {
  id: number;
  range: FileRange;
  compression: Compression;
  limits: ScanLimits;
  /** The image config, when the default capture predicate (built from it) applies. */
  captureFromConfig?: Record<string, unknown>;
}

// Loaded when a pool starts, not at import (~5 ms): images too small for workers never start one (issue 13).
const requireBuiltin = createRequire(import.meta.url);

/** A scan as it comes back from a worker: the entries as columns (packed-entries.ts). */
export type PackedScan = LayerScan<PackedEntries>;

export type ScanResponse = { id: number; scan: PackedScan } | { id: number; error: { message: string; layerData: boolean } };

/**
 * A worker's young generation, in MiB: V8's default lets it grow to 32 MiB of semi-spaces per thread,
 * which a scan (header parsing garbage, and the entries only as columns) does not need: at 104k files the
 * worker's heap was 45 MiB with the default and 18 MiB with this, for the same CPU time.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * Worker threads that scan layers in parallel. Only worth it for large layers: a worker costs tens of
 * milliseconds to start, which small images would notice more than they gain.
 */
export class ScanPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<() => void> = [];
  private readonly pending = new Map<number, { resolve: (scan: LayerScan) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private closed = false;

  constructor(size = Math.max(1, availableParallelism())) {
    const { Worker } = requireBuiltin('node:worker_threads') as typeof import('node:worker_threads');
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./layer-scan-worker.js', import.meta.url), { resourceLimits: WORKER_LIMITS });
      worker.on('message', (response: ScanResponse) => this.settle(worker, response));
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  scan(request: Omit<ScanRequest, 'id'>): Promise<LayerScan> {
    return new Promise((resolve, reject) => {
      const start = () => {
        if (this.closed) { reject(new Error('layer scan pool closed')); return; }
        const worker = this.idle.pop()!;
        const id = this.nextId++;
        this.pending.set(id, { resolve, reject });
        (worker as Worker & { taskId?: number }).taskId = id;
        worker.postMessage({ ...request, id } satisfies ScanRequest);
      };
      if (this.idle.length > 0) start();
      else this.queue.push(start);
    });
  }

  private settle(worker: Worker, response: ScanResponse) {
    const task = this.pending.get(response.id);
    this.pending.delete(response.id);
    this.idle.push(worker);
    this.queue.shift()?.();
    if (!task) return;
    if ('scan' in response) task.resolve(unpacked(response.scan));
    else task.reject(response.error.layerData ? new LayerDataError(response.error.message) : new Error(response.error.message));
  }

  private failAll(error: Error) {
    for (const task of this.pending.values()) task.reject(error);
    this.pending.clear();
    void this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const start of this.queue.splice(0)) start();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The entries as objects again; and structured cloning turns Buffers into plain Uint8Arrays, where the model promises Buffers. */
function unpacked(scan: PackedScan): LayerScan {
  const captured = new Map<string, Buffer>();
  for (const [path, bytes] of scan.captured) captured.set(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { ...scan, entries: unpackEntries(scan.entries), captured };
}
