import type { FileTree } from '../../image/filesystem.js';
import type { Image } from '../../image/model.js';

export interface ImageFile {
  /** The path the file really is at, symlinks followed. */
  path: string;
  layerIndex: number;
  content: Buffer;
  /** Size of the whole file; content is shorter when only its head was captured. */
  size: number;
}

/**
 * A file of the squashed image, read from the capture of the layer that wrote its newest version.
 * Undefined when the path is missing, is not a regular file, or its content was not captured.
 */
export function readImageFile(image: Image, tree: FileTree, path: string): ImageFile | undefined {
  const resolved = tree.resolve(path.replace(/^\/+/, ''));
  const entry = resolved?.node.entry;
  if (!resolved || !entry) return undefined;
  const layer = image.layers[resolved.node.layerIndex];
  // A hard link's bytes are stored under the name it links to, in the same layer.
  const storedAt = entry.type === 'hardlink' ? entry.linkTarget ?? '' : entry.type === 'file' ? resolved.path : undefined;
  if (storedAt === undefined) return undefined;
  const content = layer?.captured?.get(storedAt);
  if (!content && entry.type === 'file' && entry.size === 0) return { path: resolved.path, layerIndex: layer.index, content: Buffer.alloc(0), size: 0 };
  if (!content) return undefined;
  return { path: resolved.path, layerIndex: layer.index, content, size: entry.type === 'file' ? entry.size : content.length };
}

/** The same file as it stood after the first `layerCount` layers: what the base image alone had. */
export function readFileAtLayer(image: Image, path: string, layerCount: number): Buffer | undefined {
  for (let i = Math.min(layerCount, image.layers.length) - 1; i >= 0; i--) {
    const layer = image.layers[i];
    const content = layer.captured?.get(path);
    if (content) return content;
    // Deleted or written without capture in this layer: the older copies are not what the base had.
    if (layer.whiteouts.includes(path) || layer.entries.some((e) => e.path === path)) return undefined;
  }
  return undefined;
}
