import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { openInput, STDIN_ARGUMENT, type OpenedInput } from '../archive/open-input.js';
import { listImages, resolveImage, type ArchiveImage, type ResolvedImage } from '../archive/formats/detect.js';
import { defaultScanLimits } from '../archive/scan-limits.js';
import type { ScanLimits } from '../archive/layer-scan.js';
import { bareEngineSource, looksLikeReference, parseImageSource } from '../archive/image-reference.js';
import { connectEngineImage } from '../archive/engine/engine-image.js';
import { platformOfConfig } from '../archive/formats/resolved.js';
import { listOciImages, resolveOciLayout } from '../archive/formats/oci-layout.js';
import { parseRegistryReference, RegistryClient } from '../archive/registry/registry-client.js';
import { RegistryStore } from '../archive/registry/registry-store.js';
import { baseCapturePredicate } from './captured-files.js';
import { loadImage, type VerifyOnly } from './load.js';
import type { LayerCache } from '../archive/cache/layer-cache.js';
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
  /** Plain HTTP to a registry on localhost. */
  insecure?: boolean;
  /** Layer scans kept between runs (off unless given). */
  cache?: LayerCache;
  /** `false`: the config and history only, no layer read or fetched (see LoadOptions). */
  readLayers?: boolean;
  /** See LoadOptions: only verify the stored layers when the caller holds what it needs for these declarations. */
  verifyOnlyIf?(declared: Image): VerifyOnly | Promise<VerifyOnly>;
}

/** An opened input plus what its source vouched for before it was read. */
export interface OpenedSource extends OpenedInput {
  /** The config digest an engine's inspect answer named; the archive it then streamed must hold that config. */
  expectedConfigDigest?: string;
  /** Picks the image where the store is no archive that layout detection reads (a registry). */
  resolve?(options: OpenImageOptions): Promise<ResolvedImage>;
  /** Reads the layers before the loader does, where they can only be streamed once resolved (a registry); not those in `skip`. */
  prefetch?(resolved: ResolvedImage, limits: ScanLimits, skip: ReadonlySet<string>): Promise<void>;
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

/** Opens a file, directory, stdin, an image in a local engine (`docker://`, `podman://`, a bare reference) or in a registry. */
export async function openSource(input: string, options: { limits?: ScanLimits; stdin?: Readable; insecure?: boolean } = {}): Promise<OpenedSource> {
  let source = parseImageSource(input);
  if (source.kind === 'registry') return openRegistry(source.label, options.insecure);
  if (source.kind === 'path' && looksLikeReference(input) && await isMissingPath(input)) source = bareEngineSource(input);
  if (source.kind === 'path') return openInput(source.path, options.stdin);
  if (source.kind !== 'engine') throw new Error('unreachable: a registry source was opened above');
  const engineImage = await connectEngineImage(source.engine, source.reference, source.label, source.bare);
  // Layers stream past before the config does, so what base identification keeps is decided from the inspect answer.
  const store = await engineImage.read({ limits: options.limits ?? defaultScanLimits, capture: baseCapturePredicate(engineImage.inspect) });
  return { store, close: async () => {}, expectedConfigDigest: engineImage.imageId };
}

export async function resolveSource(opened: OpenedSource, options: OpenImageOptions): Promise<ResolvedImage> {
  const resolved = opened.resolve ? await opened.resolve(options) : await resolveImage(opened.store, options);
  if (opened.expectedConfigDigest && resolved.configDigest !== opened.expectedConfigDigest) {
    throw new InputError(`the image changed in the engine while it was read (inspected ${opened.expectedConfigDigest}, saved ${resolved.configDigest ?? 'an image without a config digest'}); run again`, opened.store.label);
  }
  return resolved;
}

async function openRegistry(label: string, insecure?: boolean): Promise<OpenedSource> {
  const ref = parseRegistryReference(label);
  const store = await RegistryStore.open(ref, new RegistryClient(ref, { insecure }));
  return {
    store,
    close: async () => {},
    resolve: (options) => resolveOciLayout(store, options, 'registry'),
    // The config is known before any layer is fetched, so the layers are scanned with the loader's own capture.
    prefetch: (resolved, limits, skip) => store.fetchLayers(resolved, { limits, capture: baseCapturePredicate(resolved.config), skip }),
  };
}

/** Reads an image (any supported archive format, or from an engine) into the image model. */
export async function openImage(input: string, options: OpenImageOptions = {}): Promise<Image> {
  const opened = await openSource(input, options);
  try {
    const resolved = await resolveSource(opened, options);
    const image = await loadImage(opened.store, resolved, { ...options, prefetch: opened.prefetch });
    if (opened.outerCompression) image.notes.unshift(`the archive itself is ${opened.outerCompression}-compressed`);
    return image;
  } finally {
    await opened.close();
  }
}

export async function listImagePlatforms(input: string, stdin?: Readable, insecure?: boolean): Promise<Platform[]> {
  return (await listArchiveImages(input, stdin, insecure)).flatMap((image) => image.platforms);
}

/** The images an archive, engine reference or registry reference holds, each with its names and platforms. */
export async function listArchiveImages(input: string, stdin?: Readable, insecure?: boolean): Promise<ArchiveImage[]> {
  const source = parseImageSource(input);
  if (source.kind === 'registry') return listOciImages((await openRegistry(source.label, insecure)).store);
  if (source.kind === 'engine' || (looksLikeReference(input) && await isMissingPath(input))) {
    const engine = source.kind === 'engine' ? source : bareEngineSource(input);
    if (engine.kind !== 'engine') return [];
    // An engine holds one platform of an image under a name: its inspect answer says which, no layer is read.
    const image = await connectEngineImage(engine.engine, engine.reference, engine.label, engine.bare);
    const inspect = image.inspect;
    return [{ names: [engine.reference], id: image.imageId, platforms: [platformOfConfig({ os: inspect.Os, architecture: inspect.Architecture, variant: inspect.Variant })] }];
  }
  const opened = await openInput(input, stdin);
  try {
    return await listImages(opened.store);
  } finally {
    await opened.close();
  }
}
