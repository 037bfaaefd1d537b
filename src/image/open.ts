import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { openInput, STDIN_ARGUMENT, type OpenedInput } from '../archive/open-input.js';
import { listPlatforms, resolveImage, type ResolvedImage } from '../archive/formats/detect.js';
import { defaultScanLimits, type ScanLimits } from '../archive/layer-scan.js';
import { bareEngineSource, looksLikeReference, parseImageSource } from '../archive/image-reference.js';
import { connectEngineImage } from '../archive/engine/engine-image.js';
import { platformOfConfig } from '../archive/formats/resolved.js';
import { baseCapturePredicate } from '../analysis/base/captured-files.js';
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

/** An opened input plus what its source vouched for before it was read. */
export interface OpenedSource extends OpenedInput {
  /** The config digest an engine's inspect answer named; the archive it then streamed must hold that config. */
  expectedConfigDigest?: string;
}

/** A bare name that is no file but reads as an image reference goes to the local engine. */
async function isMissingPath(input: string): Promise<boolean> {
  if (input === '-' || input === STDIN_ARGUMENT) return false;
  try {
    await stat(input);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Opens a file, directory, stdin, or an image in a local engine (`docker://`, `podman://`, a bare reference). */
export async function openSource(input: string, options: { limits?: ScanLimits; stdin?: Readable } = {}): Promise<OpenedSource> {
  let source = parseImageSource(input);
  if (source.kind === 'path' && looksLikeReference(input) && await isMissingPath(input)) source = bareEngineSource(input);
  if (source.kind === 'path') return openInput(source.path, options.stdin);
  const engineImage = await connectEngineImage(source.engine, source.reference, source.label, source.bare);
  // Layers stream past before the config does, so what base identification keeps is decided from the inspect answer.
  const store = await engineImage.read({ limits: options.limits ?? defaultScanLimits, capture: baseCapturePredicate(engineImage.inspect) });
  return { store, close: async () => {}, expectedConfigDigest: engineImage.imageId };
}

export async function resolveSource(opened: OpenedSource, options: OpenImageOptions): Promise<ResolvedImage> {
  const resolved = await resolveImage(opened.store, options);
  if (opened.expectedConfigDigest && resolved.configDigest !== opened.expectedConfigDigest) {
    throw new InputError(`the image changed in the engine while it was read (inspected ${opened.expectedConfigDigest}, saved ${resolved.configDigest ?? 'an image without a config digest'}); run again`, opened.store.label);
  }
  return resolved;
}

/** Reads an image (any supported archive format, or from an engine) into the image model. */
export async function openImage(input: string, options: OpenImageOptions = {}): Promise<Image> {
  const opened = await openSource(input, options);
  try {
    const resolved = await resolveSource(opened, options);
    const image = await loadImage(opened.store, resolved, options);
    if (opened.outerCompression) image.notes.unshift(`the archive itself is ${opened.outerCompression}-compressed`);
    return image;
  } finally {
    await opened.close();
  }
}

export async function listImagePlatforms(input: string, stdin?: Readable): Promise<Platform[]> {
  const source = parseImageSource(input);
  if (source.kind === 'engine' || (looksLikeReference(input) && await isMissingPath(input))) {
    const engine = source.kind === 'engine' ? source : bareEngineSource(input);
    if (engine.kind !== 'engine') return [];
    // An engine holds one platform of an image under a name: its inspect answer says which, no layer is read.
    const image = await connectEngineImage(engine.engine, engine.reference, engine.label, engine.bare);
    const inspect = image.inspect;
    return [platformOfConfig({ os: inspect.Os, architecture: inspect.Architecture, variant: inspect.Variant })];
  }
  const opened = await openInput(input, stdin);
  try {
    return await listPlatforms(opened.store);
  } finally {
    await opened.close();
  }
}
