import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export type OutputFormat = 'docker-archive' | 'oci-archive' | 'oci-dir';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

/** One blob of the output: where its bytes come from (a rewritten layer's file, or the input blob as stored). */
export interface OutputBlob {
  digest: string;
  size: number;
  mediaType: string;
  /** A file on disk to copy, or a stream factory for a blob read straight from the input. */
  file?: string;
  open?: () => Readable;
}

export interface OutputImage {
  config: Buffer;
  layers: OutputBlob[];
  tags: string[];
}

const sha256 = (data: Buffer) => 'sha256:' + createHash('sha256').update(data).digest('hex');
const blobPath = (digest: string) => `blobs/sha256/${digest.replace(/^sha256:/, '')}`;

export function layerMediaType(compression: 'none' | 'gzip' | 'zstd'): string {
  return compression === 'none' ? 'application/vnd.oci.image.layer.v1.tar' : `application/vnd.oci.image.layer.v1.tar+${compression}`;
}

interface Member { name: string; size: number; data?: Buffer; blob?: OutputBlob }

/** The members an archive of `format` holds, in writing order: blobs first, then the indexes that name them. */
function members(image: OutputImage, format: OutputFormat): { members: Member[]; manifestDigest?: string } {
  const configDigest = sha256(image.config);
  const out: Member[] = [];
  const seen = new Set<string>();
  for (const layer of image.layers) {
    if (seen.has(layer.digest)) continue;
    seen.add(layer.digest);
    out.push({ name: blobPath(layer.digest), size: layer.size, blob: layer });
  }
  out.push({ name: blobPath(configDigest), size: image.config.length, data: image.config });
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  if (format === 'docker-archive') {
    // The manifest.json layout every docker load reads (and Docker >= 25 writes), blobs named by digest.
    const manifest = json([{ Config: blobPath(configDigest), RepoTags: image.tags, Layers: image.layers.map((l) => blobPath(l.digest)) }]);
    out.push({ name: 'manifest.json', size: manifest.length, data: manifest });
    return { members: out };
  }
  const manifest = json({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configDigest, size: image.config.length },
    layers: image.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  });
  const manifestDigest = sha256(manifest);
  out.push({ name: blobPath(manifestDigest), size: manifest.length, data: manifest });
  const tag = image.tags[0];
  const annotations = tag ? { 'io.containerd.image.name': tag, 'org.opencontainers.image.ref.name': tag.slice(tag.lastIndexOf(':') + 1) } : undefined;
  const index = json({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifest.length, ...(annotations ? { annotations } : {}) }] });
  const layout = json({ imageLayoutVersion: '1.0.0' });
  out.push({ name: 'oci-layout', size: layout.length, data: layout }, { name: 'index.json', size: index.length, data: index });
  return { members: out, manifestDigest };
}

/** Writes the image to `target`: a tar file, or for oci-dir a directory (which must not exist yet). */
export async function writeImage(image: OutputImage, format: OutputFormat, target: string): Promise<{ configDigest: string; manifestDigest?: string }> {
  const { members: list, manifestDigest } = members(image, format);
  const configDigest = sha256(image.config);
  if (format === 'oci-dir') {
    await mkdir(join(target, 'blobs', 'sha256'), { recursive: true });
    for (const m of list) {
      const path = join(target, m.name);
      if (m.data) await writeFile(path, m.data);
      else if (m.blob!.file) await copyFile(m.blob!.file, path);
      else await pipeline(m.blob!.open!(), createWriteStream(path));
    }
    return { configDigest, manifestDigest };
  }
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(target));
  try {
    for (const m of list) {
      const header = { name: m.name, size: m.size, mode: 0o644, mtime: new Date(0) };
      if (m.data) {
        await new Promise<void>((resolve, reject) => pack.entry(header, m.data!, (error) => (error ? reject(error) : resolve())));
        continue;
      }
      const source = m.blob!.file ? createReadStream(m.blob!.file) : m.blob!.open!();
      await pipeline(source, pack.entry(header));
    }
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    throw error;
  }
  await written;
  return { configDigest, manifestDigest };
}
