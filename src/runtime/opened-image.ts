import type { Readable } from 'node:stream';
import type { OpenedInput } from '../archive/open-input.js';
import type { ResolvedImage } from '../archive/formats/detect.js';
import { sniffCompression, type Compression } from '../archive/decompress.js';
import { TarFileStore } from '../archive/store.js';
import type { LayerRef } from '../archive/formats/resolved.js';
import type { ScanLimits } from '../archive/layer-scan.js';
import { loadImage } from '../image/load.js';
import { openSource, resolveSource } from '../image/open.js';
import type { Image } from '../image/model.js';

/**
 * An image archive kept open: the model (entries, whiteouts, opaque dirs; no file contents) plus the store,
 * so layer contents can be streamed a second time (to unpack a rootfs or to repack for `docker load`).
 */
export interface OpenedImage {
  image: Image;
  resolved: ResolvedImage;
  input: OpenedInput;
  /** The layer's uncompressed-or-not stream as stored, and how it is compressed. */
  openLayer(ref: LayerRef): Promise<{ stream: Readable; compression: Compression }>;
  close(): Promise<void>;
}

export async function openImageForRuntime(path: string, options: { image?: string; platform?: string; limits?: ScanLimits; insecure?: boolean } = {}): Promise<OpenedImage> {
  const input = await openSource(path, { limits: options.limits, insecure: options.insecure });
  try {
    const resolved = await resolveSource(input, options);
    const image = await loadImage(input.store, resolved, { limits: options.limits, prefetch: input.prefetch });
    if (input.outerCompression) image.notes.unshift(`the archive itself is ${input.outerCompression}-compressed`);
    const store = input.store;
    return {
      image,
      resolved,
      input,
      async openLayer(ref) {
        const whole = ref.blob === '' && store instanceof TarFileStore;
        const head = whole ? await store.archiveHead(512) : await store.readHead(ref.blob, 512);
        const kind = sniffCompression(head);
        const compression: Compression = kind === 'unknown' ? 'none' : kind;
        return { stream: whole ? store.openArchive() : store.open(ref.blob), compression };
      },
      close: () => input.close(),
    };
  } catch (error) {
    await input.close();
    throw error;
  }
}
