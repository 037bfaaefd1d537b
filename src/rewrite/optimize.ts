import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { openInput } from '../archive/open-input.js';
import { parseImageSource } from '../archive/image-reference.js';
import { resolveImage } from '../archive/formats/detect.js';
import type { EntryFacts } from '../archive/tar-rewrite.js';
import { FileTree } from '../image/filesystem.js';
import { loadImage, mapWithConcurrency } from '../image/load.js';
import type { Image, LayerEntry } from '../image/model.js';
import { openSource, resolveSource, type OpenImageOptions } from '../image/open.js';
import { findBaseBoundary } from '../analysis/base/boundary.js';
import { entriesToDigest, filesystemDigest, type FilesystemDigest } from '../analysis/fs-digest.js';
import { planOptimization } from '../analysis/optimize-plan.js';
import { computeWaste } from '../analysis/waste.js';
import { checkCompressionAvailable, type OutputCompression } from './compress.js';
import { readLayerFacts, rewriteLayer } from './layer-pass.js';
import { layerMediaType, writeImage, type OutputBlob, type OutputFormat } from './write-image.js';

export interface OptimizeOptions extends Pick<OpenImageOptions, 'image' | 'platform' | 'limits'> {
  output: string;
  /** Default: the input's own kind (docker save → docker-archive, oci-archive → oci-archive, OCI dir → oci-dir). */
  format?: OutputFormat;
  keepBase: boolean;
  compression: OutputCompression;
  /** The output's names; default the input's. */
  tags?: string[];
  concurrency?: number;
  onStep?: (step: string) => void;
}

export interface LayerSizes {
  /** The blob as stored. */
  compressed: number;
  /** The uncompressed tar. */
  tar: number;
  /** Content bytes of the files the layer writes. */
  files: number;
}

export interface OptimizedLayer {
  index: number;
  createdBy?: string;
  /** base: kept byte-identical as the base's; rewritten: entries dropped; recompressed: same tar, other compression; as-stored: copied. */
  status: 'base' | 'rewritten' | 'recompressed' | 'as-stored';
  before: LayerSizes;
  after: LayerSizes;
  droppedVersions: number;
  droppedMarkers: number;
  droppedBytes: number;
  /** Reclaimable bytes this layer wrote that stay because the layer is kept as the base's. */
  keptReclaimableBytes: number;
}

export interface OptimizeResult {
  input: { source: string; name: string; format: string; digest?: string };
  output: { path: string; format: OutputFormat; compression: OutputCompression; configDigest: string; manifestDigest?: string };
  keptBaseLayers: number;
  baseBoundary: string;
  layers: OptimizedLayer[];
  before: LayerSizes;
  after: LayerSizes;
  /** analyze's exact reclaimable bytes of the input. */
  reclaimableBytes: number;
  /** File bytes dropped: reclaimableBytes less baseReclaimableBytes. */
  droppedBytes: number;
  /** Reclaimable bytes in the kept base layers: what --no-keep-base would save on top. */
  baseReclaimableBytes: number;
  /** Hidden versions a surviving hard link still holds (kept; analyze does not count them). */
  pinned: { path: string; bytes: number; layer: number }[];
  /** The output's exact reclaimable bytes, by the same model (what `tsimage analyze OUT` reports). */
  outputReclaimableBytes: number;
  filesystem: { input: FilesystemDigest; output: FilesystemDigest };
}

function defaultFormat(image: Image): OutputFormat {
  if (image.format === 'oci-archive') return 'oci-archive';
  if (image.format === 'oci-layout') return 'oci-dir';
  return 'docker-archive';
}

/** Where the output may go: an existing directory, not the input itself, no directory in the way of an archive. */
function checkOutputPath(input: string, output: string, format: OutputFormat): void {
  const dir = dirname(resolve(output));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`-o ${output}: no such directory ${dir}`);
  if (resolve(output) === resolve(input)) throw new UsageError(`-o ${output}: the output must not be the input`);
  if (!existsSync(output)) return;
  const isDir = statSync(output).isDirectory();
  if (format === 'oci-dir') throw new UsageError(`-o ${output}: already exists; an oci-dir output is a new directory`);
  if (isDir) throw new UsageError(`-o ${output}: is a directory (use --format oci-dir for a layout directory, with a new name)`);
}

const sizesOf = (layers: LayerSizes[]): LayerSizes => layers.reduce((sum, l) => ({ compressed: sum.compressed + l.compressed, tar: sum.tar + l.tar, files: sum.files + l.files }), { compressed: 0, tar: 0, files: 0 });

/** Reads an image written to `path` back, as any input is read, and digests its final filesystem. */
async function digestWritten(path: string): Promise<{ image: Image; digest: FilesystemDigest; reclaimable: number }> {
  const opened = await openInput(path);
  try {
    const resolved = await resolveImage(opened.store);
    const image = await loadImage(opened.store, resolved, { capture: false });
    const tree = FileTree.fromLayers(image.layers);
    const wanted = entriesToDigest(tree, image.layers);
    const facts = new Map<LayerEntry, EntryFacts>();
    await mapWithConcurrency(resolved.layers, 2, (ref, i) => readLayerFacts(opened.store.open(ref.blob), image.layers[i], wanted, facts));
    return { image, digest: filesystemDigest(tree, image.layers, facts), reclaimable: computeWaste(tree, image.layers).reclaimableBytes };
  } finally {
    await opened.close();
  }
}

/**
 * `tsimage optimize`: the input less every file version that never reaches its final filesystem, layer by
 * layer. The input is read twice (once for the model, once to rewrite); the output is read back and its
 * filesystem digest must equal the input's before it is renamed into place.
 */
export async function optimizeImage(input: string, options: OptimizeOptions): Promise<OptimizeResult> {
  checkCompressionAvailable(options.compression);
  const streamsOnce = 'optimize reads every layer twice, and an engine or registry image streams once: save it to a file first (docker save -o image.tar NAME)';
  if (parseImageSource(input).kind !== 'path') throw new InputError(streamsOnce, input);
  const step = options.onStep ?? (() => {});
  const opened = await openSource(input, { limits: options.limits });
  let workDir: string | undefined;
  let temporary: string | undefined;
  try {
    if (opened.store.scanned) {
      throw new InputError(streamsOnce, opened.store.label);
    }
    const resolved = await resolveSource(opened, options);
    if (resolved.format === 'docker-export') throw new InputError('a docker export has no image config or layers to keep: nothing to optimize (docker import it, then docker save)', opened.store.label);
    step('reading layers');
    const image = await loadImage(opened.store, resolved, { limits: options.limits, capture: false });
    const format = options.format ?? defaultFormat(image);
    checkOutputPath(input, options.output, format);

    const tree = FileTree.fromLayers(image.layers);
    const boundary = findBaseBoundary(image);
    const keptBaseLayers = options.keepBase ? boundary.layers : 0;
    const plan = planOptimization(image, tree, keptBaseLayers);
    const wanted = entriesToDigest(tree, image.layers);
    const facts = new Map<LayerEntry, EntryFacts>();

    const outDir = dirname(resolve(options.output));
    workDir = await mkdtemp(join(outDir, '.tsimage-optimize-'));
    step('rewriting layers');
    const concurrency = options.concurrency ?? Math.max(2, availableParallelism());
    const written = await mapWithConcurrency(image.layers, concurrency, async (layer, i) => {
      const ref = resolved.layers[i];
      const layerPlan = plan.layers[i];
      const open = () => opened.store.open(ref.blob);
      if (layerPlan.keptAsBase || (!layerPlan.changed && layer.compression === options.compression)) {
        await readLayerFacts(open(), layer, wanted, facts);
        const blob: OutputBlob = { digest: layer.digest, size: layer.compressedBytes, mediaType: layerMediaType(layer.compression), open };
        return { blob, diffId: layer.diffId, tarBytes: layer.tarBytes, status: (layerPlan.keptAsBase ? 'base' : 'as-stored') as OptimizedLayer['status'] };
      }
      const out = await rewriteLayer(open(), layer, layerPlan, options.compression, join(workDir!, `layer-${i}`), wanted, facts);
      if (!layerPlan.changed && out.diffId !== layer.diffId) throw new Error(`layer ${i} recompressed to another tar (${out.diffId}, was ${layer.diffId})`);
      const blob: OutputBlob = { digest: out.digest, size: out.size, mediaType: layerMediaType(options.compression), file: out.file };
      return { blob, diffId: out.diffId, tarBytes: out.tarBytes, status: (layerPlan.changed ? 'rewritten' : 'recompressed') as OptimizedLayer['status'] };
    });

    const inputDigest = filesystemDigest(tree, image.layers, facts);
    const rootfs = { ...(image.rawConfig.rootfs as Record<string, unknown>), diff_ids: written.map((w) => w.diffId) };
    const config = Buffer.from(JSON.stringify({ ...image.rawConfig, rootfs }));
    temporary = format === 'oci-dir' ? join(outDir, `.${basename(options.output)}.tsimage-${randomBytes(4).toString('hex')}`) : join(workDir, 'image.tar');
    step('writing the image');
    const ids = await writeImage({ config, layers: written.map((w) => w.blob), tags: options.tags ?? image.tags }, format, temporary);

    step('checking the output');
    const check = await digestWritten(temporary);
    if (check.digest.digest !== inputDigest.digest || check.digest.paths !== inputDigest.paths) {
      throw new Error(`the output's filesystem digest ${check.digest.digest} (${check.digest.paths} paths) differs from the input's ${inputDigest.digest} (${inputDigest.paths} paths): nothing was written`);
    }
    await rename(temporary, options.output);
    temporary = undefined;

    const layers: OptimizedLayer[] = image.layers.map((layer, i) => {
      const after = check.image.layers[i];
      const p = plan.layers[i];
      return {
        index: i,
        createdBy: layer.createdBy,
        status: written[i].status,
        before: { compressed: layer.compressedBytes, tar: layer.tarBytes, files: layer.bytes },
        after: { compressed: after.compressedBytes, tar: after.tarBytes, files: after.bytes },
        droppedVersions: p.droppedEntries.size,
        droppedMarkers: p.droppedWhiteouts.size + p.droppedOpaqueDirs.size,
        droppedBytes: p.droppedBytes,
        keptReclaimableBytes: 0,
      };
    });
    const wasteByLayer = computeWaste(tree, image.layers).byLayer;
    for (const { layerIndex, bytes } of wasteByLayer) if (layerIndex < keptBaseLayers) layers[layerIndex].keptReclaimableBytes = bytes;
    return {
      input: { source: image.source, name: image.name, format: image.format, digest: image.digest },
      output: { path: options.output, format, compression: options.compression, configDigest: ids.configDigest, manifestDigest: ids.manifestDigest },
      keptBaseLayers,
      baseBoundary: boundary.reason,
      layers,
      before: sizesOf(layers.map((l) => l.before)),
      after: sizesOf(layers.map((l) => l.after)),
      reclaimableBytes: plan.reclaimableBytes,
      droppedBytes: plan.droppedBytes,
      baseReclaimableBytes: plan.baseReclaimableBytes,
      pinned: plan.pinnedVersions.filter((v) => v.bytes > 0).map((v) => ({ path: v.path, bytes: v.bytes, layer: v.writtenBy })),
      outputReclaimableBytes: check.reclaimable,
      filesystem: { input: inputDigest, output: check.digest },
    };
  } finally {
    // A temporary oci-dir sits next to the output (a rename across directories could cross file systems); a tar sits in workDir.
    if (temporary) await rm(temporary, { recursive: true, force: true }).catch(() => {});
    if (workDir) await rm(workDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
    await opened.close();
  }
}
