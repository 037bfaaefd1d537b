import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { createDecompressor } from '../archive/decompress.js';
import { InputError } from '../errors.js';
import type { OpenedImage } from './opened-image.js';
import { SafeRoot } from './safe-root.js';

export interface UnpackResult {
  /** Entries that were not written (devices and fifos: Node cannot mknod; the runtime mounts /dev anyway). */
  skipped: string[];
}

/**
 * Applies an image's layers to a directory the way an overlay mount would (image-spec layer.md): before a
 * layer's own entries, its whiteouts delete lower paths and its opaque markers empty lower directories;
 * the markers themselves are never written. The whiteouts and opaque dirs come from the model (the reader
 * already parsed them); the contents are streamed again from the archive. Every write goes through
 * SafeRoot, so no entry can land outside the rootfs or write through a symlink.
 */
export async function unpackRootfs(opened: OpenedImage, rootfs: string): Promise<UnpackResult> {
  const root = new SafeRoot(rootfs, opened.image.source);
  const skipped: string[] = [];
  for (const layer of opened.image.layers) {
    for (const dir of layer.opaqueDirs) await root.clear(dir);
    for (const path of layer.whiteouts) await root.remove(path);
    const ref = opened.resolved.layers[layer.index];
    const { stream, compression } = await opened.openLayer(ref);
    const extract = tar.extract();
    const consume = (async () => {
      for await (const entry of extract) {
        const header = entry.header;
        const rel = root.relative(header.name);
        const base = posix.basename(rel);
        if (rel === '' || base.startsWith('.wh.')) {
          entry.resume();
          continue;
        }
        const mode = header.mode ?? 0o644;
        const meta = { uid: header.uid, gid: header.gid, mtime: header.mtime ? Math.floor(header.mtime.getTime() / 1000) : undefined };
        switch (header.type) {
          case 'file': case 'contiguous-file': case undefined: case null:
            await root.writeFile(rel, entry as unknown as AsyncIterable<Buffer>, mode);
            await root.setMetadata(rel, { ...meta, mode });
            continue;
          case 'directory':
            entry.resume();
            await root.mkdir(rel, mode & 0o7777);
            await root.setMetadata(rel, { ...meta, mode });
            continue;
          case 'symlink':
            entry.resume();
            await root.symlink(rel, header.linkname ?? '');
            await root.setMetadata(rel, { uid: meta.uid, gid: meta.gid, mtime: meta.mtime });
            continue;
          case 'link':
            entry.resume();
            await root.hardlink(rel, header.linkname ?? '');
            continue;
          default:
            entry.resume();
            skipped.push(`${rel} (${header.type})`);
        }
      }
    })().catch((error) => {
      extract.destroy(error as Error);
      throw error;
    });
    try {
      await Promise.all([pipeline(stream, createDecompressor(compression), extract), consume]);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`cannot unpack layer ${layer.index}: ${(error as Error).message}`, opened.image.source);
    }
  }
  return { skipped };
}
