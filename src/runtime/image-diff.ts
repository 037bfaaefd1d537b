import { FileTree } from '../image/filesystem.js';
import type { EntryType, Image, ImageConfig, LayerEntry } from '../image/model.js';
import { diffPackages, type PackageDiff } from './package-diff.js';

/**
 * `tsimage diff A B`: what changed from image A to image B, as one plain serializable object (schema
 * `tsimage.image-diff/v1`); `--format json` is this object, text and Markdown are views of it.
 * Files are compared on the squashed filesystems (what a container of each would see), so a file
 * deleted in a later layer does not count, and a file rewritten with the same bytes is not a change.
 */
export interface FileDiff {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  type: EntryType;
  sizeA?: number;
  sizeB?: number;
  /** What differs for a changed path: content, size, type, mode, owner, link target. */
  what?: string[];
}

export interface LayerDiff {
  /** The layer's index in A and in B (one is absent for an added or removed layer). */
  indexA?: number;
  indexB?: number;
  /**
   * same: the same diff_id in both, in the same order (a longest common subsequence, so a layer inserted in
   * the middle does not make every later one differ); changed: a layer of each side between the same
   * common layers, paired in order; added / removed: the ones left over.
   */
  kind: 'same' | 'changed' | 'added' | 'removed';
  diffIdA?: string;
  diffIdB?: string;
  bytesA?: number;
  bytesB?: number;
  createdByA?: string;
  createdByB?: string;
}

export interface ValueChange<T> { key: string; a?: T; b?: T }

export interface ImageDiff {
  schema: 'tsimage.image-diff/v1';
  a: { source: string; name: string; digest?: string; layers: number; bytes: number };
  b: { source: string; name: string; digest?: string; layers: number; bytes: number };
  identical: boolean;
  files: FileDiff[];
  fileTotals: { added: number; removed: number; changed: number; addedBytes: number; removedBytes: number; changedBytes: number };
  layers: LayerDiff[];
  /** Layers the images share from the bottom (same diff_ids in the same order): the common base. */
  sharedBaseLayers: number;
  history: { common: number; removed: string[]; added: string[] };
  config: ValueChange<unknown>[];
  env: ValueChange<string>[];
  labels: ValueChange<string>[];
  packages: PackageDiff;
}

function entryType(entry: LayerEntry | undefined, isDir: boolean): EntryType {
  return entry?.type ?? (isDir ? 'directory' : 'file');
}

function flatten(tree: FileTree): Map<string, { type: EntryType; entry?: LayerEntry }> {
  const out = new Map<string, { type: EntryType; entry?: LayerEntry }>();
  for (const [path, node] of tree.walk()) out.set(path, { type: entryType(node.entry, node.children !== undefined), entry: node.entry });
  return out;
}

function fileDifferences(a: LayerEntry | undefined, b: LayerEntry | undefined, typeA: EntryType, typeB: EntryType): string[] {
  if (typeA !== typeB) return ['type'];
  if (!a || !b) return [];
  const what: string[] = [];
  if (a.type === 'file') {
    if (a.size !== b.size) what.push('size');
    // Same size: the content hash the scan kept decides. Two empty files have the same content whatever
    // their mtimes (a rebuild touches every file); only without a hash is the mtime the best evidence.
    else if (a.size > 0 && (a.contentHash && b.contentHash ? a.contentHash !== b.contentHash : a.mtime !== b.mtime)) what.push('content');
  }
  if ((a.type === 'symlink' || a.type === 'hardlink') && a.linkTarget !== b.linkTarget) what.push('link target');
  if ((a.mode & 0o7777) !== (b.mode & 0o7777)) what.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) what.push('owner');
  return what;
}

function diffFiles(treeA: FileTree, treeB: FileTree): FileDiff[] {
  const left = flatten(treeA);
  const right = flatten(treeB);
  const files: FileDiff[] = [];
  const sizeOf = (e?: LayerEntry) => (e?.type === 'file' ? e.size : 0);
  for (const [path, b] of right) {
    const a = left.get(path);
    if (!a) {
      files.push({ path, kind: 'added', type: b.type, sizeB: sizeOf(b.entry) });
      continue;
    }
    const what = fileDifferences(a.entry, b.entry, a.type, b.type);
    if (what.length) files.push({ path, kind: 'changed', type: b.type, sizeA: sizeOf(a.entry), sizeB: sizeOf(b.entry), what });
  }
  for (const [path, a] of left) if (!right.has(path)) files.push({ path, kind: 'removed', type: a.type, sizeA: sizeOf(a.entry) });
  return files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Index pairs of the longest common subsequence of two id lists (layer counts are small: O(n*m) is fine). */
function commonSubsequence(x: string[], y: string[]): [number, number][] {
  const table = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) table[i][j] = x[i] === y[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    if (x[i] === y[j]) { pairs.push([i, j]); i++; j++; } else if (table[i + 1][j] >= table[i][j + 1]) i++; else j++;
  }
  return pairs;
}

function diffLayers(a: Image, b: Image): { layers: LayerDiff[]; shared: number } {
  let shared = 0;
  while (shared < a.layers.length && shared < b.layers.length && a.layers[shared].diffId === b.layers[shared].diffId) shared++;
  const describe = (kind: LayerDiff['kind'], i?: number, j?: number): LayerDiff => {
    const la = i === undefined ? undefined : a.layers[i];
    const lb = j === undefined ? undefined : b.layers[j];
    return {
      indexA: i, indexB: j, kind,
      diffIdA: la?.diffId, diffIdB: lb?.diffId,
      bytesA: la?.bytes, bytesB: lb?.bytes,
      createdByA: la?.createdBy, createdByB: lb?.createdBy,
    };
  };
  const layers: LayerDiff[] = [];
  const anchors = [...commonSubsequence(a.layers.map((l) => l.diffId), b.layers.map((l) => l.diffId)), [a.layers.length, b.layers.length] as [number, number]];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of anchors) {
    while (i < ai && j < bj) layers.push(describe('changed', i++, j++));
    while (i < ai) layers.push(describe('removed', i++, undefined));
    while (j < bj) layers.push(describe('added', undefined, j++));
    if (ai < a.layers.length) layers.push(describe('same', i++, j++));
  }
  return { layers, shared };
}

/** History entries in common (in order, as a longest common subsequence) and the ones only one side has. */
function diffHistory(a: Image, b: Image): ImageDiff['history'] {
  const left = a.history.map((h) => h.createdBy);
  const right = b.history.map((h) => h.createdBy);
  const pairs = commonSubsequence(left, right);
  const inA = new Set(pairs.map(([i]) => i));
  const inB = new Set(pairs.map(([, j]) => j));
  return { common: pairs.length, removed: left.filter((_, i) => !inA.has(i)), added: right.filter((_, j) => !inB.has(j)) };
}

const CONFIG_KEYS: (keyof ImageConfig)[] = ['Cmd', 'Entrypoint', 'User', 'WorkingDir', 'ExposedPorts', 'Volumes', 'Healthcheck', 'StopSignal', 'Shell', 'OnBuild'];

function same(x: unknown, y: unknown): boolean {
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
}

function diffConfig(a: ImageConfig, b: ImageConfig): ValueChange<unknown>[] {
  const changes: ValueChange<unknown>[] = [];
  for (const key of CONFIG_KEYS) {
    const norm = (v: unknown) => (Array.isArray(v) && (key === 'ExposedPorts' || key === 'Volumes') ? [...v].sort() : v);
    const va = norm(a[key]);
    const vb = norm(b[key]);
    const empty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty(va) && empty(vb)) continue;
    if (!same(va, vb)) changes.push({ key, a: va, b: vb });
  }
  return changes;
}

function diffRecords(a: Record<string, string>, b: Record<string, string>): ValueChange<string>[] {
  const changes: ValueChange<string>[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[key] !== b[key]) changes.push({ key, ...(key in a ? { a: a[key] } : {}), ...(key in b ? { b: b[key] } : {}) });
  }
  return changes;
}

function envRecord(env: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of env) {
    const eq = item.indexOf('=');
    out[eq === -1 ? item : item.slice(0, eq)] = eq === -1 ? '' : item.slice(eq + 1);
  }
  return out;
}

const imageSummary = (image: Image) => ({
  source: image.source, name: image.name, digest: image.digest, layers: image.layers.length,
  bytes: image.layers.reduce((sum, l) => sum + l.bytes, 0),
});

export function diffImages(a: Image, b: Image): ImageDiff {
  const treeA = FileTree.fromLayers(a.layers);
  const treeB = FileTree.fromLayers(b.layers);
  const files = diffFiles(treeA, treeB);
  const fileTotals = { added: 0, removed: 0, changed: 0, addedBytes: 0, removedBytes: 0, changedBytes: 0 };
  for (const f of files) {
    if (f.type === 'directory') continue;
    fileTotals[f.kind]++;
    if (f.kind === 'added') fileTotals.addedBytes += f.sizeB ?? 0;
    if (f.kind === 'removed') fileTotals.removedBytes += f.sizeA ?? 0;
    if (f.kind === 'changed') fileTotals.changedBytes += (f.sizeB ?? 0) - (f.sizeA ?? 0);
  }
  const { layers, shared } = diffLayers(a, b);
  const history = diffHistory(a, b);
  const config = diffConfig(a.config, b.config);
  const env = diffRecords(envRecord(a.config.Env), envRecord(b.config.Env));
  const labels = diffRecords(a.config.Labels, b.config.Labels);
  const packages = diffPackages(a, b, { a: treeA, b: treeB });
  const identical = files.length === 0 && layers.every((l) => l.kind === 'same') && history.removed.length === 0 && history.added.length === 0
    && config.length === 0 && env.length === 0 && labels.length === 0 && packages.changes.length === 0;
  return {
    schema: 'tsimage.image-diff/v1',
    a: imageSummary(a),
    b: imageSummary(b),
    identical,
    files,
    fileTotals,
    layers,
    sharedBaseLayers: shared,
    history,
    config,
    env,
    labels,
    packages,
  };
}
