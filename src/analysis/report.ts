import { collectGarbageNow } from '../collect-garbage.js';
import { FileTree } from '../image/filesystem.js';
import type { Image } from '../image/model.js';
import { identifyBase } from './base/identify.js';
import type { BaseReport } from './base/types.js';
import { diveEfficiency } from './dive-efficiency.js';
import { shareHistoryParses } from './dockerfile/history-parses.js';
import { reconstructDockerfile, type ReconstructedInstruction } from './dockerfile/reconstruct.js';
import { renderDockerfile } from './dockerfile/render.js';
import { computeWaste, type WasteSummary } from './waste.js';

/** Bump when a field changes meaning or goes away; adding fields keeps the version. */
export const SCHEMA_VERSION = 1;

export interface LayerReport {
  index: number;
  digest: string;
  diffId: string;
  /** Bytes of file content the layer writes (docker history's SIZE). */
  bytes: number;
  compressedBytes: number;
  tarBytes: number;
  compression: string;
  mediaType?: string;
  createdBy?: string;
  historyIndex?: number;
  /** True when the layer writes nothing at all: no entry, whiteout or opaque marker. */
  emptyLayer: boolean;
  /** Tar entries, as `tar -t` lists them: whiteouts, opaque markers and a `./` root entry included. */
  files: number;
  added: number;
  modified: number;
  removed: number;
}

export interface AnalysisReport {
  schemaVersion: number;
  image: {
    name: string;
    tags: string[];
    digest?: string;
    manifestDigest?: string;
    os: string;
    architecture: string;
    variant?: string;
    format: string;
    source: string;
    created?: string;
  };
  /** Sum of the layers' file bytes: what `docker images` and dive call the image size. */
  totalBytes: number;
  /** Bytes of the files that reach the final filesystem. */
  finalBytes: number;
  compressedBytes: number;
  layerCount: number;
  config: Image['config'];
  layers: LayerReport[];
  history: { index: number; createdBy: string; created?: string; emptyLayer: boolean; comment?: string; author?: string; layerIndex?: number }[];
  waste: WasteSummary & {
    /** reclaimable bytes against the total: the exact share of stored bytes that reach the final image. */
    efficiency: number;
    /** dive's figures, computed as dive computes them (see dive-efficiency.ts), for comparison. */
    diveEfficiency: number;
    diveWastedBytes: number;
    diveUserWastedPercent: number | null;
    diveInefficientPaths: { path: string; count: number; bytes: number }[];
  };
  notes: string[];
  /** The Dockerfile reconstructed from history, layers and config (src/analysis/dockerfile), and one record per instruction. */
  dockerfile?: string;
  instructions?: ReportInstruction[];
  /** Added by the rule engine (issue 4). */
  findings?: unknown[];
  /** What the image is built on and smaller bases that keep it working (src/analysis/base). */
  base?: BaseReport;
  /** Added by the CI gate (issue 4): the verdict, each threshold checked and how many findings were accepted. */
  gate?: unknown;
}

/** One instruction of the reconstruction as the JSON report carries it (RuleInstruction plus provenance). */
export type ReportInstruction = Omit<ReconstructedInstruction, 'formatted'>;

export interface AnalyzedImage {
  image: Image;
  tree: FileTree;
  report: AnalysisReport;
}

/** At 100,000 paths the peak is in the read, not here, and a collection would only cost time. */
const COLLECT_AFTER_DIVE_PATHS = 250_000;

function pathCount(layers: Image['layers']): number {
  let count = 0;
  for (const layer of layers) count += layer.entries.length + layer.whiteouts.length;
  return count;
}

export interface AnalyzeOptions {
  today?: Date;
  /**
   * Whether it may run a full garbage collection where a large image's transient data has died (the CLI says
   * yes: the process is its own; a program embedding tsimage manages its heap itself).
   */
  collectGarbage?: boolean;
}

/** The image model in, the report object out. Never prints, never exits. */
export function analyzeModel(image: Image, options: AnalyzeOptions = {}): AnalyzedImage {
  // dive's figures first: its transient trees then never sit in the heap beside the squashed tree.
  const dive = diveEfficiency(image.layers, 20);
  // Its columns (~36 bytes a path) are garbage from here, and V8 grew the heap over them while the tree was
  // built: at a million files a collection here (0.1 s) took the peak from 413-417 to 341-344 MB.
  if (options.collectGarbage && pathCount(image.layers) >= COLLECT_AFTER_DIVE_PATHS) collectGarbageNow();
  const tree = FileTree.fromLayers(image.layers);
  const waste = computeWaste(tree, image.layers);
  const totalBytes = image.layers.reduce((sum, l) => sum + l.bytes, 0);
  let finalBytes = 0;
  for (const node of tree.nodes()) finalBytes += node.entry?.size ?? 0;
  const report: AnalysisReport = {
    schemaVersion: SCHEMA_VERSION,
    image: {
      name: image.name,
      tags: image.tags,
      digest: image.digest,
      manifestDigest: image.manifestDigest,
      os: image.platform.os,
      architecture: image.platform.architecture,
      variant: image.platform.variant,
      format: image.format,
      source: image.source,
      created: image.created,
    },
    totalBytes,
    finalBytes,
    compressedBytes: image.layers.reduce((sum, l) => sum + l.compressedBytes, 0),
    layerCount: image.layers.length,
    config: image.config,
    layers: image.layers.map((l) => ({
      index: l.index,
      digest: l.digest,
      diffId: l.diffId,
      bytes: l.bytes,
      compressedBytes: l.compressedBytes,
      tarBytes: l.tarBytes,
      compression: l.compression,
      mediaType: l.mediaType,
      createdBy: l.createdBy,
      historyIndex: l.historyIndex,
      emptyLayer: l.entries.length === 0 && l.whiteouts.length === 0 && l.opaqueDirs.length === 0,
      files: l.tarEntries ?? l.entries.length + l.whiteouts.length + l.opaqueDirs.length,
      ...tree.changes[l.index],
    })),
    history: image.history.map((h) => ({
      index: h.index, createdBy: h.createdBy, created: h.created, emptyLayer: h.emptyLayer, comment: h.comment, author: h.author, layerIndex: h.layerIndex,
    })),
    waste: {
      ...waste,
      efficiency: totalBytes === 0 ? 1 : 1 - waste.reclaimableBytes / totalBytes,
      diveEfficiency: dive.efficiency,
      diveWastedBytes: dive.wastedBytes,
      diveUserWastedPercent: dive.wastedUserPercent,
      diveInefficientPaths: dive.inefficientPaths,
    },
    notes: image.notes,
  };
  // The reporters find the secrets to mask in this copy of the history: the image's parses serve it.
  shareHistoryParses(report.history, image.history);
  report.base = identifyBase(image, tree, { today: options.today });
  // The reconstruction reads free-form history text: a bug there must cost the Dockerfile, not the report.
  try {
    const reconstruction = reconstructDockerfile(image);
    report.dockerfile = renderDockerfile(reconstruction, { name: image.name });
    report.instructions = reconstruction.instructions.map(({ formatted: _formatted, ...rest }) => rest);
  } catch (error) {
    report.notes = [...report.notes, `the Dockerfile could not be reconstructed: ${error instanceof Error ? error.message : String(error)}`];
  }
  return { image, tree, report };
}
