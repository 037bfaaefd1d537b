/**
 * Hand-made image models for rule unit tests: a few layers with the files, whiteouts and instructions a
 * case needs. Reading real archives goes through the real readers (see the sample-based cases).
 */
import { contentHashOf, contentHasher } from '../../src/archive/content-hash.js';
import { analyzeModel } from '../../src/analysis/report.js';
import type { EntryType, HistoryEntry, Image, ImageConfig, Layer, LayerEntry } from '../../src/image/model.js';
import type { ImageCheckContext, Rule, RuleInstruction } from '../../src/lint/rule.js';
import { runRules } from '../../src/lint/run-rules.js';
import type { Finding } from '../../src/lint/types.js';

// contentHashOf needs the xxh64 hasher compiled: these helpers build entries synchronously.
await contentHasher();

export type FileSpec = number | { size?: number; mode?: number; uid?: number; gid?: number; type?: EntryType; content?: string; linkTarget?: string };

export interface LayerSpec {
  /** The Dockerfile line that made the layer (`RUN apt-get update`); also its created_by. */
  instruction?: string;
  /** Path → size, or entry details. Parent directories are added as entries. */
  files?: Record<string, FileSpec>;
  dirs?: string[];
  whiteouts?: string[];
  opaqueDirs?: string[];
  /** A layer of the base image. */
  inherited?: boolean;
  /** A history entry without a layer (ENV, LABEL, ...). */
  emptyLayer?: boolean;
}

export interface ImageSpec {
  layers: LayerSpec[];
  config?: Partial<ImageConfig>;
}

function entryFor(path: string, spec: FileSpec, layerIndex: number): LayerEntry {
  const s = typeof spec === 'number' ? { size: spec } : spec;
  const type = s.type ?? 'file';
  const size = type === 'file' ? s.size ?? 0 : 0;
  const entry: LayerEntry = { path, type, mode: s.mode ?? (type === 'directory' ? 0o755 : 0o644), uid: s.uid ?? 0, gid: s.gid ?? 0, size, mtime: 0 };
  if (s.linkTarget) entry.linkTarget = s.linkTarget;
  // Same `content` gives the same hash (a metadata copy); otherwise each version is distinct.
  if (type === 'file' && size > 0) entry.contentHash = contentHashOf(Buffer.from(s.content ?? `${layerIndex}:${path}:${size}`));
  return entry;
}

function splitInstruction(text: string): { instruction: string; arguments: string } {
  const match = /^(\S+)\s*(.*)$/s.exec(text.trim());
  return { instruction: (match?.[1] ?? 'UNKNOWN').toUpperCase(), arguments: match?.[2] ?? '' };
}

/** Builds an image model, its analysis and the instruction list a rule sees. */
export function makeContext(spec: ImageSpec): ImageCheckContext {
  const layers: Layer[] = [];
  const history: HistoryEntry[] = [];
  const instructions: RuleInstruction[] = [];
  for (const [historyIndex, l] of spec.layers.entries()) {
    const createdBy = l.instruction ? (l.instruction.startsWith('RUN ') ? `/bin/sh -c ${l.instruction.slice(4)}` : `/bin/sh -c #(nop) ${l.instruction}`) : '';
    let layerIndex: number | undefined;
    if (!l.emptyLayer) {
      layerIndex = layers.length;
      const entries: LayerEntry[] = [];
      const seen = new Set<string>();
      const addDir = (dir: string) => {
        if (!dir || seen.has(dir)) return;
        const slash = dir.lastIndexOf('/');
        if (slash > 0) addDir(dir.slice(0, slash));
        seen.add(dir);
        entries.push(entryFor(dir, { type: 'directory' }, layerIndex!));
      };
      for (const d of l.dirs ?? []) addDir(d);
      for (const [path, f] of Object.entries(l.files ?? {})) {
        const slash = path.lastIndexOf('/');
        if (slash > 0) addDir(path.slice(0, slash));
        entries.push(entryFor(path, f, layerIndex));
      }
      const bytes = entries.reduce((sum, e) => sum + e.size, 0);
      layers.push({
        index: layerIndex, digest: `sha256:${String(layerIndex).padStart(64, '0')}`, diffId: `sha256:${String(layerIndex).padStart(64, '0')}`,
        compression: 'none', compressedBytes: bytes + 1024, tarBytes: bytes + 1024, bytes, entries,
        whiteouts: l.whiteouts ?? [], opaqueDirs: l.opaqueDirs ?? [], historyIndex, createdBy,
      });
    }
    history.push({ index: historyIndex, createdBy, emptyLayer: Boolean(l.emptyLayer), layerIndex });
    // Base-image layers are in the instruction list even without a command (a `docker import` layer has none).
    if (l.instruction || l.inherited) {
      const { instruction, arguments: args } = l.instruction ? splitInstruction(l.instruction) : { instruction: 'UNKNOWN', arguments: '' };
      instructions.push({ instruction, arguments: args, text: l.instruction ?? '', layerIndex, historyIndex, bytes: layerIndex === undefined ? 0 : layers[layerIndex].bytes, inherited: Boolean(l.inherited) });
    }
  }
  const config: ImageConfig = { Env: [], ExposedPorts: [], Volumes: [], Labels: {}, OnBuild: [], User: 'app', Entrypoint: ['/app/run'], Healthcheck: { Test: ['CMD', '/app/run', 'check'] }, ...spec.config };
  const image: Image = {
    source: 'test', format: 'docker-archive', name: 'test:1', tags: ['test:1'], platform: { os: 'linux', architecture: 'amd64' },
    config, rawConfig: {}, history, layers, notes: [],
  };
  const analyzed = analyzeModel(image);
  return { ...analyzed, instructions };
}

/** A base layer like the samples': a busybox-ish root with /tmp 1777. */
export const baseLayer: LayerSpec = {
  inherited: true,
  files: { 'bin/busybox': 1000, 'bin/sh': { type: 'symlink', linkTarget: 'busybox' }, 'etc/passwd': 100, tmp: { type: 'directory', mode: 0o1777 } },
  dirs: ['root', 'home/app'],
};

export function check(rule: Rule, ctx: ImageCheckContext): Finding[] {
  return runRules(ctx, [rule]).findings;
}

export function checkSpec(rule: Rule, spec: ImageSpec): Finding[] {
  return check(rule, makeContext(spec));
}

/** Findings of one rule id. */
export function only(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}
