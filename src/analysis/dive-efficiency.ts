import type { Layer } from '../image/model.js';

/**
 * dive's efficiency score and wasted bytes, reproduced from wagoodman/dive (dive/filetree/efficiency.go,
 * dive/image/analysis.go) so users can compare with the figures they know. It keeps dive's quirks on
 * purpose: every copy of a path seen twice counts as waste (the copy you keep too), a deleted directory
 * is not waste, opaque directories are ignored, and a whiteout of a path no earlier layer has aborts
 * the rest of that layer. The exact figure is `reclaimableBytes` in waste.ts.
 */
export interface DiveCompatible {
  efficiency: number;
  wastedBytes: number;
  sizeBytes: number;
  userSizeBytes: number;
  /** wastedBytes / userSizeBytes; null where dive would print NaN or Inf (one layer, or no user bytes). */
  wastedUserPercent: number | null;
  inefficientPaths: { path: string; count: number; bytes: number }[];
}

interface DiveNode {
  isDir: boolean;
  size: number;
  whiteout: boolean;
  /** Made on the first child: most nodes are files, and an empty Map each would double the trees' memory. */
  children?: Map<string, DiveNode>;
}

function newNode(): DiveNode {
  return { isDir: false, size: 0, whiteout: false };
}

function childrenOf(node: DiveNode): Map<string, DiveNode> {
  return (node.children ??= new Map());
}

/** A layer's own tree as dive builds it: implied parents are nodes with no file info (not directories). */
function layerTree(layer: Layer): DiveNode {
  const root = newNode();
  const add = (path: string, info: Partial<DiveNode>) => {
    let node = root;
    const parts = path.split('/');
    for (const [i, part] of parts.entries()) {
      let child = node.children?.get(part);
      if (!child) childrenOf(node).set(part, (child = newNode()));
      if (i === parts.length - 1) Object.assign(child, info);
      node = child;
    }
  };
  for (const e of layer.entries) add(e.path, { isDir: e.type === 'directory', size: e.size });
  for (const w of layer.whiteouts) {
    const slash = w.lastIndexOf('/');
    add((slash === -1 ? '' : w.slice(0, slash + 1)) + '.wh.' + w.slice(slash + 1), { whiteout: true });
  }
  return root;
}

function diveName(name: string): string {
  return name.startsWith('.wh.') ? name.slice(4) : name;
}

/** Stacking as dive does: whiteouts remove, everything else (implied parents included) overwrites the node's info. */
function stack(lower: DiveNode, upper: DiveNode): void {
  if (!upper.children) return;
  for (const [name, child] of upper.children) {
    if (child.whiteout) {
      lower.children?.delete(diveName(name));
      continue;
    }
    let target = lower.children?.get(name);
    if (!target) childrenOf(lower).set(name, (target = newNode()));
    target.isDir = child.isDir;
    target.size = child.size;
    stack(target, child);
  }
}

function subtreeSize(node: DiveNode): number {
  let sum = node.size;
  if (node.children) for (const child of node.children.values()) sum += subtreeSize(child);
  return sum;
}

function getNode(root: DiveNode, path: string): DiveNode | undefined {
  let node: DiveNode | undefined = root;
  for (const part of path.split('/')) {
    node = node.children?.get(part);
    if (!node) return undefined;
  }
  return node;
}

class AbortLayer extends Error {}

export function diveEfficiency(layers: Layer[]): DiveCompatible {
  const stats = new Map<string, { cumulative: number; min: number; count: number }>();
  const stacked = newNode();
  for (const [index, layer] of layers.entries()) {
    // One layer's tree at a time: holding every layer's tree at once is what made large images' analysis heavy.
    const tree = layerTree(layer);
    // dive restacks layers 0..i-1 per whiteout; stacking them once as we go gives the same tree.
    const visit = (node: DiveNode, path: string) => {
      if (!node.children) return;
      for (const name of [...node.children.keys()].sort()) {
        const child = node.children.get(name)!;
        const childPath = path ? `${path}/${diveName(name)}` : diveName(name);
        if (child.children && child.children.size > 0) {
          visit(child, childPath);
          continue;
        }
        let size = child.size;
        if (child.whiteout) {
          const previous = index > 0 ? getNode(stacked, childPath) : undefined;
          if (!previous) throw new AbortLayer();
          size = previous.isDir ? subtreeSize(previous) : 0;
        }
        const s = stats.get(childPath);
        if (!s) stats.set(childPath, { cumulative: size, min: size, count: 1 });
        else {
          s.cumulative += size;
          s.min = Math.min(s.min, size);
          s.count++;
        }
      }
    };
    try {
      visit(tree, '');
    } catch (error) {
      if (!(error instanceof AbortLayer)) throw error;
    }
    stack(stacked, tree);
  }
  let minimum = 0;
  let discovered = 0;
  const inefficientPaths: DiveCompatible['inefficientPaths'] = [];
  for (const [path, s] of stats) {
    minimum += s.min;
    discovered += s.cumulative;
    if (s.count >= 2) inefficientPaths.push({ path: '/' + path, count: s.count, bytes: s.cumulative });
  }
  inefficientPaths.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const sizeBytes = layers.reduce((sum, l) => sum + l.bytes, 0);
  const userSizeBytes = layers.slice(1).reduce((sum, l) => sum + l.bytes, 0);
  const wastedBytes = inefficientPaths.reduce((sum, p) => sum + p.bytes, 0);
  return {
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    wastedBytes,
    sizeBytes,
    userSizeBytes,
    wastedUserPercent: userSizeBytes > 0 ? wastedBytes / userSizeBytes : null,
    inefficientPaths,
  };
}
