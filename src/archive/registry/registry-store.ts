import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { InputError } from '../../errors.js';
import { sniffCompression } from '../decompress.js';
import { LayerDataError, scanLayer, type CapturePredicate, type LayerScan, type ScanLimits } from '../layer-scan.js';
import type { ArchiveStore, FileRange } from '../store.js';
import type { ResolvedImage } from '../formats/resolved.js';
import { RegistryClient, type RegistryReference } from './registry-client.js';
import { peekHead } from '../stream-head.js';

/** Both OCI and Docker v2 manifest and index types, so a registry answers with what it stores, converting nothing. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
/** Layers fetched at once: enough to hide one round trip behind another, few enough not to flood a registry. */
const LAYER_FETCHES = 3;

const sha256 = (bytes: Buffer) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

/**
 * An image in a registry, presented to the OCI layout reader as if it were a layout: `index.json` is made up
 * of the one reference, and `blobs/sha256/<hex>` are fetched on demand (manifests from /manifests/, configs
 * from /blobs/), each checked against its digest by the reader. Layers are not read through the store: once
 * the image is resolved, `fetchLayers` streams each one from the registry through the layer scan.
 */
export class RegistryStore implements ArchiveStore {
  readonly kind = 'directory' as const;
  readonly label: string;
  private readonly documents = new Map<string, Buffer>();
  private readonly manifestDigests = new Set<string>();
  private readonly sizes = new Map<string, number>();
  private readonly scans = new Map<string, LayerScan>();
  /** Each fetched layer's first bytes, so a second reader can sniff its compression without a request. */
  private readonly heads = new Map<string, Buffer>();
  private index = '';

  private constructor(private readonly client: RegistryClient, readonly ref: RegistryReference) {
    this.label = ref.label;
  }

  /** Fetches the manifest (or index) the reference names; nothing else is fetched until the reader asks. */
  static async open(ref: RegistryReference, client: RegistryClient): Promise<RegistryStore> {
    const store = new RegistryStore(client, ref);
    const wanted = ref.digest ?? ref.tag!;
    const { bytes, mediaType, digest: stated } = await client.getSmall(`/manifests/${wanted}`, MANIFEST_ACCEPT);
    const digest = sha256(bytes);
    if (ref.digest && digest !== ref.digest) throw new InputError(`the registry answered ${ref.digest} with a manifest that hashes to ${digest}`, ref.label);
    if (stated && stated.startsWith('sha256:') && stated !== digest) throw new InputError(`the registry says the manifest is ${stated} but it hashes to ${digest}`, ref.label);
    store.remember(digest, bytes, true);
    const type = mediaType && mediaType !== 'application/json' ? mediaType : store.mediaTypeOf(bytes);
    const name = `${ref.host.replace(/^registry-1\.docker\.io$/, 'docker.io')}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}`;
    store.index = JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: type, digest, size: bytes.length, annotations: { 'org.opencontainers.image.ref.name': name } }],
    });
    return store;
  }

  private mediaTypeOf(bytes: Buffer): string {
    try {
      const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: string; manifests?: unknown };
      if (typeof parsed.mediaType === 'string') return parsed.mediaType;
      return Array.isArray(parsed.manifests) ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json';
    } catch {
      throw new InputError('the registry answered with a manifest that is not JSON', this.label);
    }
  }

  /** Keeps a fetched document and learns from it which digests are manifests and how large each blob is. */
  private remember(digest: string, bytes: Buffer, isManifest: boolean): void {
    this.documents.set(digest, bytes);
    this.sizes.set(digest, bytes.length);
    if (!isManifest) return;
    this.manifestDigests.add(digest);
    let parsed: { manifests?: unknown; layers?: unknown; config?: unknown; mediaType?: unknown };
    try { parsed = JSON.parse(bytes.toString('utf8')); } catch { return; }
    const descriptors = (value: unknown) => (Array.isArray(value) ? value : []).filter((d) => typeof d === 'object' && d !== null) as { digest?: unknown; size?: unknown }[];
    for (const d of descriptors(parsed.manifests)) {
      if (typeof d.digest === 'string') this.manifestDigests.add(d.digest);
    }
    for (const d of [...descriptors(parsed.layers), ...descriptors([parsed.config])]) {
      if (typeof d.digest === 'string' && typeof d.size === 'number') this.sizes.set(d.digest, d.size);
    }
  }

  private digestOf(name: string): string | undefined {
    const match = /^blobs\/(sha256)\/([a-f0-9]{64})$/.exec(name);
    return match ? `${match[1]}:${match[2]}` : undefined;
  }

  names(): string[] {
    return ['index.json', ...[...this.sizes.keys()].map((d) => `blobs/${d.replace(':', '/')}`)];
  }

  /** Every well-formed blob name may exist: the registry is asked when it is read, and a 404 says which. */
  has(name: string): boolean {
    return name === 'index.json' || this.digestOf(name) !== undefined;
  }

  size(name: string): number {
    if (name === 'index.json') return Buffer.byteLength(this.index);
    const size = this.sizes.get(this.digestOf(name) ?? '');
    if (size === undefined) throw new InputError(`the size of ${name} is not known before it is fetched`, this.label);
    return size;
  }

  async readText(name: string): Promise<string> {
    return (await this.readBytes(name)).toString('utf8');
  }

  /** The bytes as the registry served them: digests are of these, before any decoding. */
  async readBytes(name: string): Promise<Buffer> {
    if (name === 'index.json') return Buffer.from(this.index, 'utf8');
    const digest = this.digestOf(name);
    if (!digest) throw new InputError(`no ${name} in a registry`, this.label);
    let bytes = this.documents.get(digest);
    if (!bytes) {
      const isManifest = this.manifestDigests.has(digest);
      ({ bytes } = await this.client.getSmall(isManifest ? `/manifests/${digest}` : `/blobs/${digest}`, isManifest ? MANIFEST_ACCEPT : undefined));
      this.remember(digest, bytes, isManifest);
    }
    return bytes;
  }

  async readHead(name: string, length: number): Promise<Buffer> {
    const head = this.heads.get(this.digestOf(name) ?? '');
    if (head) return head.subarray(0, length);
    return (await this.readBytes(name)).subarray(0, length);
  }

  /** A layer's bytes again (for `run`): a second fetch from the registry. */
  open(name: string): Readable {
    const digest = this.digestOf(name);
    if (!digest) throw new InputError(`no ${name} in a registry`, this.label);
    const out = new PassThrough();
    this.client.blob(digest).then((stream) => {
      stream.on('error', (error) => out.destroy(error));
      stream.pipe(out);
    }, (error) => out.destroy(error));
    return out;
  }

  locate(name: string): FileRange {
    throw new InputError(`${name} is in a registry, not on disk`, this.label);
  }

  scanned(name: string): LayerScan | undefined {
    return this.scans.get(this.digestOf(name) ?? '');
  }

  /**
   * Streams every layer of the resolved image from the registry through the layer scan, a few at once, each
   * once however often the manifest lists it. The scan hashes what arrives; the loader then checks that
   * against the manifest's digest and size and the config's diff_ids, so nothing unverified is analysed.
   */
  async fetchLayers(resolved: ResolvedImage, options: { limits: ScanLimits; capture?: CapturePredicate; onLayerDone?: () => void; skip?: ReadonlySet<string> }): Promise<void> {
    const digests = [...new Set(resolved.layers.map((l) => l.digest).filter((d): d is string => Boolean(d) && !options.skip?.has(d!)))];
    let next = 0;
    const worker = async () => {
      while (next < digests.length) {
        const digest = digests[next++];
        this.scans.set(digest, await this.scanBlob(digest, options));
        options.onLayerDone?.();
      }
    };
    await Promise.all(Array.from({ length: Math.min(LAYER_FETCHES, digests.length) }, worker));
  }

  private async scanBlob(digest: string, options: { limits: ScanLimits; capture?: CapturePredicate }): Promise<LayerScan> {
    const stream = await this.client.blob(digest);
    // The compression is sniffed from the first bytes, as for an archive: media types are not always right.
    let peeked: Awaited<ReturnType<typeof peekHead>>;
    try {
      peeked = await peekHead(stream, 512);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`layer ${digest}: the download broke off (${(error as Error).message})`, this.label);
    }
    const first = peeked.head;
    this.heads.set(digest, first.subarray(0, 512));
    const compression = sniffCompression(first);
    if (compression === 'unknown') throw new InputError(`layer ${digest} is not a tar, gzip or zstd stream`, this.label);
    try {
      return await scanLayer(peeked.whole(), compression, options.limits, options.capture);
    } catch (error) {
      if (error instanceof LayerDataError) throw new InputError(`layer ${digest}: ${error.message}`, this.label);
      if (error instanceof InputError) throw error;
      throw new InputError(`layer ${digest}: the download broke off (${(error as Error).message})`, this.label);
    }
  }
}
