import type { Readable } from 'node:stream';
import { openInput } from '../archive/open-input.js';
import { listImages, resolveImage, type ArchiveImage } from '../archive/formats/detect.js';
import type { ScanLimits } from '../archive/layer-scan.js';
import { loadImage } from './load.js';
import type { Image, Platform } from './model.js';

export interface OpenImageOptions {
  /** Picks one image of several in an archive: a tag, a reference name or an id prefix. */
  image?: string;
  /** `os/arch[/variant]`; without it the host's platform is picked from a multi-platform index. */
  platform?: string;
  limits?: ScanLimits;
  concurrency?: number;
  stdin?: Readable;
  onLayerDone?: (done: number, total: number) => void;
  /** Scan layers in worker threads; default: only when the image is large enough to gain from it. */
  workers?: boolean;
}

/** Reads an image archive (any supported format) into the image model. */
export async function openImage(input: string, options: OpenImageOptions = {}): Promise<Image> {
  const opened = await openInput(input, options.stdin);
  try {
    const resolved = await resolveImage(opened.store, options);
    const image = await loadImage(opened.store, resolved, options);
    if (opened.outerCompression) image.notes.unshift(`the archive itself is ${opened.outerCompression}-compressed`);
    return image;
  } finally {
    await opened.close();
  }
}

export async function listImagePlatforms(input: string, stdin?: Readable): Promise<Platform[]> {
  return (await listArchiveImages(input, stdin)).flatMap((image) => image.platforms);
}

/** The images an archive holds, each with its names and platforms. */
export async function listArchiveImages(input: string, stdin?: Readable): Promise<ArchiveImage[]> {
  const opened = await openInput(input, stdin);
  try {
    return await listImages(opened.store);
  } finally {
    await opened.close();
  }
}
