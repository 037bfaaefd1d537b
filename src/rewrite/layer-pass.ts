import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecompressor } from '../archive/decompress.js';
import type { ArchiveStore } from '../archive/store.js';
import { TarRewrite, type EntryFacts, type TarItem } from '../archive/tar-rewrite.js';
import type { LayerPlan } from '../analysis/optimize-plan.js';
import type { Layer, LayerEntry } from '../image/model.js';
import { createCompressor, type OutputCompression } from './compress.js';

/** A layer as written: its blob on disk and what the new manifest and config say of it. */
export interface WrittenLayer {
  file: string;
  digest: string;
  size: number;
  diffId: string;
  tarBytes: number;
  compression: OutputCompression;
}

// pipeline's typings stop at five stages; these pipelines have seven.
const runPipeline = pipeline as unknown as (...stages: unknown[]) => Promise<void>;

/** Counts and hashes what passes. */
function measure(hash = createHash('sha256')): { stage: (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>; result: () => { digest: string; bytes: number } } {
  let bytes = 0;
  return {
    async *stage(source) {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    result: () => ({ digest: 'sha256:' + hash.digest('hex'), bytes }),
  };
}

/** A re-read must meet the layer the model was built from: the same entries in the same order. */
function checkAgainstModel(layer: Layer, rewrite: TarRewrite, pathAt: Map<number, string>): void {
  if (rewrite.entries !== layer.entries.length) {
    throw new Error(`layer ${layer.index} has ${rewrite.entries} entries on the second read, ${layer.entries.length} on the first`);
  }
  for (const [ordinal, path] of pathAt) {
    if (layer.entries[ordinal].path !== path) throw new Error(`layer ${layer.index} entry ${ordinal} is ${path} on the second read, ${layer.entries[ordinal].path} on the first`);
  }
}

function factsOf(layer: Layer, rewrite: TarRewrite, into: Map<LayerEntry, EntryFacts>): void {
  for (const [ordinal, facts] of rewrite.facts) into.set(layer.entries[ordinal], facts);
}

function rewriteFor(layer: Layer, wanted: Set<LayerEntry>, plan?: LayerPlan, discard = false): { rewrite: TarRewrite; pathAt: Map<number, string> } {
  // The path of every dropped or recorded entry is checked; the rest are only counted.
  const pathAt = new Map<number, string>();
  const keep = (item: TarItem) => {
    if (item.kind === 'entry') {
      const dropped = plan?.droppedEntries.has(item.ordinal) ?? false;
      if (dropped || wanted.has(layer.entries[item.ordinal])) pathAt.set(item.ordinal, item.path);
      return !dropped;
    }
    if (item.kind === 'whiteout') return !plan?.droppedWhiteouts.has(item.path);
    if (item.kind === 'opaque') return !plan?.droppedOpaqueDirs.has(item.dir);
    return true;
  };
  const record = (ordinal: number) => ordinal < layer.entries.length && wanted.has(layer.entries[ordinal]);
  return { rewrite: new TarRewrite({ keep, record, discard }), pathAt };
}

/**
 * The second read of a layer for `optimize`: the stored blob, decoded, less the plan's drops, recompressed
 * into `file`; the facts of the `wanted` entries (for the filesystem digest) recorded on the way.
 */
export async function rewriteLayer(blob: Readable, layer: Layer, plan: LayerPlan, compression: OutputCompression, file: string, wanted: Set<LayerEntry>, facts: Map<LayerEntry, EntryFacts>): Promise<WrittenLayer> {
  const tar = measure();
  const stored = measure();
  let rewrite: TarRewrite;
  let pathAt: Map<number, string>;
  if (plan.changed) {
    ({ rewrite, pathAt } = rewriteFor(layer, wanted, plan));
    await runPipeline(blob, createDecompressor(layer.compression), rewrite, tar.stage, createCompressor(compression), stored.stage, createWriteStream(file));
  } else {
    // Nothing to drop, only another compression: the tar goes on as it was (its end padding too), so its diff_id stays.
    ({ rewrite, pathAt } = rewriteFor(layer, wanted, plan, true));
    const tap = rewrite;
    async function* facts_(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        tap.feed(chunk);
        yield chunk;
      }
      tap.finish();
    }
    await runPipeline(blob, createDecompressor(layer.compression), facts_, tar.stage, createCompressor(compression), stored.stage, createWriteStream(file));
  }
  checkAgainstModel(layer, rewrite, pathAt);
  factsOf(layer, rewrite, facts);
  const t = tar.result();
  const s = stored.result();
  return { file, digest: s.digest, size: s.bytes, diffId: t.digest, tarBytes: t.bytes, compression };
}

/** Reads a layer for the facts of the `wanted` entries only (a layer kept as stored, or the output's check). */
export async function readLayerFacts(blob: Readable, layer: Layer, wanted: Set<LayerEntry>, facts: Map<LayerEntry, EntryFacts>): Promise<void> {
  const { rewrite, pathAt } = rewriteFor(layer, wanted, undefined, true);
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) {
    try {
      rewrite.feed(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }, final(done) {
    try {
      rewrite.finish();
      done();
    } catch (error) {
      done(error as Error);
    }
  } });
  await pipeline(blob, createDecompressor(layer.compression), sink);
  checkAgainstModel(layer, rewrite, pathAt);
  factsOf(layer, rewrite, facts);
}
