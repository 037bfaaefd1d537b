/**
 * Hand-crafted archives for the inputs no real tool writes: hostile names, bombs, broken digests.
 * Everything a real tool can write is tested on the real samples instead.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface CraftEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: Buffer | string;
  linkname?: string;
  pax?: Record<string, string>;
  /** Declared size when it should differ from the content (only for the outer archive's members). */
  size?: number;
}

export async function packTar(entries: CraftEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c) => { chunks.push(c as Buffer); });
  const done = new Promise<void>((resolve, reject) => { pack.on('end', resolve); pack.on('error', reject); });
  for (const e of entries) {
    const content = e.content === undefined ? undefined : Buffer.from(e.content);
    await new Promise<void>((resolve, reject) => {
      const header: Partial<tar.Header> & { name: string } = { name: e.name, type: e.type ?? 'file', ...(e.linkname ? { linkname: e.linkname } : {}), mode: e.type === 'directory' ? 0o755 : 0o644, mtime: new Date(0), pax: e.pax };
      if (content) pack.entry({ ...header, size: content.length } as tar.Header, content, (err) => (err ? reject(err) : resolve()));
      else pack.entry(header as tar.Header, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export const sha256 = (data: Buffer | string) => 'sha256:' + createHash('sha256').update(data).digest('hex');

export interface CraftLayer {
  entries: CraftEntry[];
  gzip?: boolean;
  /** Replace the layer's bytes after the diff_id was computed (corruption). */
  corrupt?: (layer: Buffer) => Buffer;
  /** Use these raw bytes as the stored blob instead of packing entries (bombs, garbage). */
  raw?: Buffer;
  diffIdOverride?: string;
}

/** A docker-save style archive (manifest.json + config + <n>/layer.tar) around the given layers. */
export async function craftDockerArchive(layers: CraftLayer[], options: { manifest?: unknown; extra?: CraftEntry[]; config?: (config: Record<string, unknown>) => unknown; rawConfig?: Buffer } = {}): Promise<Buffer> {
  const members: CraftEntry[] = [];
  const diffIds: string[] = [];
  const layerNames: string[] = [];
  for (const [i, layer] of layers.entries()) {
    const plain = layer.raw ?? (await packTar(layer.entries));
    diffIds.push(layer.diffIdOverride ?? sha256(plain));
    let stored = layer.gzip && !layer.raw ? gzipSync(plain) : plain;
    if (layer.corrupt) stored = layer.corrupt(stored);
    const name = `layer${i}/layer.tar`;
    layerNames.push(name);
    members.push({ name, content: stored });
  }
  const plainConfig: Record<string, unknown> = { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds }, history: layers.map(() => ({ created_by: '/bin/sh -c true' })) };
  const config = options.rawConfig ?? Buffer.from(JSON.stringify(options.config ? options.config(plainConfig) : plainConfig));
  const configName = sha256(config).slice(7) + '.json';
  members.push({ name: configName, content: config });
  const manifest = options.manifest !== undefined ? options.manifest : [{ Config: configName, RepoTags: ['crafted:1'], Layers: layerNames }];
  members.push({ name: 'manifest.json', content: JSON.stringify(manifest) });
  members.push(...(options.extra ?? []));
  return packTar(members);
}
