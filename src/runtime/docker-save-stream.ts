import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { InputError } from '../errors.js';
import type { ArchiveStore } from '../archive/store.js';
import type { ResolvedImage } from '../archive/formats/resolved.js';
import { createDecompressor } from '../archive/decompress.js';
import type { OpenedImage } from './opened-image.js';

/**
 * Writes one image of any archive format as a minimal docker-save tar (manifest.json + config + layers),
 * the only input Docker < 25's `POST /images/load` takes (it refuses OCI archives and layout dirs).
 * Repacking always, even a docker-save tar, loads exactly the one image picked: a multi-image archive
 * would load (and retag) every image in it. RepoTags is left empty so no tag the user has is moved;
 * the image is then known by its id alone. gzip layers are copied as stored (every `docker load` takes
 * them and checks each diff_id); zstd layers are sent decompressed, because Docker 20.10's load fails on
 * them ("Error processing tar file: unexpected EOF", seen with 20.10.24) and the uncompressed size is
 * known from the model, which a tar header needs up front.
 */
export async function dockerSaveStream(opened: OpenedImage): Promise<{ open(): Readable; imageId: string }> {
  const store = opened.input.store;
  const resolved = opened.resolved;
  if (resolved.format === 'docker-export') {
    throw new InputError('a docker export snapshot has no image config, so an engine cannot load it as an image; `docker import` it first, or run it with --engine runc', store.label);
  }
  const configBytes = await findConfigBytes(store, resolved);
  const imageId = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  const layerNames = resolved.layers.map((_, i) => `layers/${i}/layer.tar`);
  const manifest = [{ Config: 'config.json', RepoTags: null, Layers: layerNames }];
  // Opened only when the engine lacks the image: reading the layers again costs a second pass (and, for an
  // image streamed from an engine, a second request).
  const open = () => {
    const pack = tar.pack();
    (async () => {
      try {
        await addEntry(pack, 'manifest.json', Buffer.from(JSON.stringify(manifest)));
        await addEntry(pack, 'config.json', configBytes);
        for (let i = 0; i < resolved.layers.length; i++) {
          const { stream: stored, compression } = await opened.openLayer(resolved.layers[i]);
          const decompress = compression === 'zstd';
          const size = decompress ? opened.image.layers[i].tarBytes : store.size(resolved.layers[i].blob);
          await new Promise<void>((resolve, reject) => {
            const entry = pack.entry({ name: layerNames[i], size, mode: 0o644, mtime: new Date(0) }, (error) => (error ? reject(error) : resolve()));
            stored.on('error', reject);
            if (decompress) {
              const decoder = createDecompressor('zstd');
              decoder.on('error', reject);
              stored.pipe(decoder).pipe(entry);
            } else {
              stored.pipe(entry);
            }
          });
        }
        pack.finalize();
      } catch (error) {
        pack.destroy(error as Error);
      }
    })();
    return pack as unknown as Readable;
  };
  return { open, imageId };
}

function addEntry(pack: tar.Pack, name: string, content: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: content.length, mode: 0o644, mtime: new Date(0) }, content, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * The config exactly as stored: its bytes are the image id. Readers keep only the parsed object, so the
 * blob is found again by the digest in its name (`blobs/sha256/<hex>`, `<hex>.json`) and checked.
 */
async function findConfigBytes(store: ArchiveStore, resolved: ResolvedImage): Promise<Buffer> {
  const hex = resolved.configDigest?.replace(/^sha256:/, '');
  if (hex) {
    for (const name of store.names()) {
      if (!name.includes(hex) || store.scanned?.(name)) continue;
      const bytes = Buffer.from(await store.readText(name), 'utf8');
      if (createHash('sha256').update(bytes).digest('hex') === hex) return bytes;
    }
  }
  // No stored blob hashes to the id (docker-v1 archives): serialize the parsed config; the id will differ.
  return Buffer.from(JSON.stringify(resolved.config));
}
