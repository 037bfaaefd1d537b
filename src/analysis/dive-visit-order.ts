import type { Layer } from '../image/model.js';

/**
 * The order in which dive's visit of a layer's own tree meets its paths, without building that tree: dive walks
 * each directory's children sorted by name, depth first, so its order is the paths' order compared component by
 * component. A tree per layer (an object, a name string and a map entry per path) was most of what the dive
 * figures allocated at a million files; sorting the layer's own path strings allocates an index array.
 *
 * Only for plain paths (see isPlainPath): dive's quirks for empty components and `.wh.` names need its tree.
 */

/**
 * Called for each path of dive's layer tree that has nothing below it, in dive's visit order: `path` is the
 * entry's path or the path a whiteout deletes, `size` the last entry's size at that path (0 for a whiteout).
 * Returning false ends the visit (a whiteout that aborts the rest of the layer).
 */
export type LeafVisitor = (path: string, whiteout: boolean, size: number) => boolean;

/** No empty component, no leading or trailing slash and no `.wh.` name: the tree's path is the entry's path. */
export function isPlainPath(path: string): boolean {
  return path !== '' && path.charCodeAt(0) !== 47 && path.charCodeAt(path.length - 1) !== 47
    && !path.includes('//') && !path.startsWith('.wh.') && !path.includes('/.wh.');
}

export function isPlainLayer(layer: Layer): boolean {
  for (const e of layer.entries) if (!isPlainPath(e.path)) return false;
  for (const w of layer.whiteouts) if (!isPlainPath(w)) return false;
  return true;
}

/** Where a whiteout sits in dive's layer tree: `.wh.<name>` beside the path it deletes. */
export function whiteoutMarker(path: string): string {
  const slash = path.lastIndexOf('/');
  return (slash === -1 ? '' : path.slice(0, slash + 1)) + '.wh.' + path.slice(slash + 1);
}

/**
 * Compares two paths as a depth-first walk with sorted names meets them: component by component, each compared
 * by UTF-16 code units as Array.prototype.sort does, a shorter component (or a directory before what is below it)
 * first. That is the plain code-unit order with '/' below every other character.
 */
export function compareTreePaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca === 47) return -1;
    if (cb === 47) return 1;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * The leaves of a plain layer's dive tree in visit order: entries and whiteouts whose path has nothing of the
 * same layer below it. A path written twice is one leaf with the last entry's size, as in dive's tree.
 */
export function visitLeaves(layer: Layer, visit: LeafVisitor): void {
  const { entries, whiteouts } = layer;
  const count = entries.length + whiteouts.length;
  // The path each item has in the tree: an entry's own path, a whiteout's marker (which sorts as `.wh.<name>`).
  const treePaths = new Array<string>(count);
  for (let i = 0; i < entries.length; i++) treePaths[i] = entries[i].path;
  for (let i = 0; i < whiteouts.length; i++) treePaths[entries.length + i] = whiteoutMarker(whiteouts[i]);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  // Equal paths by position, so the last write of a path ends its run.
  order.sort((x, y) => compareTreePaths(treePaths[x], treePaths[y]) || x - y);
  for (let k = 0; k < count; k++) {
    const item = order[k];
    const path = treePaths[item];
    const next = k + 1 < count ? treePaths[order[k + 1]] : undefined;
    if (next === path) continue;
    // Something below this path follows it directly in this order: then it is a directory dive descends into.
    if (next !== undefined && next.length > path.length && next.charCodeAt(path.length) === 47 && next.startsWith(path)) continue;
    const more = item < entries.length ? visit(path, false, entries[item].size) : visit(whiteouts[item - entries.length], true, 0);
    if (!more) return;
  }
}
