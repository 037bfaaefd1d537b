/**
 * Writes images for the benchmark: a number of layers of generated files, the last of which deletes and
 * overwrites files of the first (so the waste analysis has real work), as a `docker save` archive with plain
 * layers, a `docker save` archive with gzip layers (dive reads only docker-archive) and an oci-archive with gzip
 * layers. The content comes from a fixed pseudo-random sequence, so the same spec gives the same bytes on every
 * run and machine (the JSON of a bench image can be pinned). Synthesized rather than built by an engine because
 * a GiB-sized image built here would take minutes and the benchmark measures reading, not building.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

export interface SynthesizedImage {
  dir: string;
  dockerArchive: string;
  dockerGzipArchive: string;
  ociArchive: string;
  /** Layer blobs as stored in each archive, for the floor measurements. */
  plainLayers: string[];
  gzipLayers: string[];
  files: number;
  uncompressedBytes: number;
}

export interface SynthesisSpec {
  /** Directory name under the cache, and the image's tag. */
  name: string;
  layers: number;
  filesPerLayer: number;
  /** mixed: sizes like a distro plus an app (avg ~24 KB, one 4–16 MB file per 1000); tiny: 0–1000 bytes; huge: 1 GiB each. */
  profile: 'mixed' | 'tiny' | 'huge';
  /** Only plain layers and the plain docker save (a 10 GiB image's gzip and OCI copies would take minutes and 20 GB more). */
  plainOnly?: boolean;
}

/** The 104k-file, 2.7 GB image the README's figures have always used. */
export const BIG: SynthesisSpec = { name: 'big', layers: 4, filesPerLayer: 26_000, profile: 'mixed' };

const SHARED_SOURCE_BYTES = 64 * 1024 * 1024;
const SYNTH_VERSION = 'v2';

/** Deterministic pseudo-random sizes: mostly small files, a few large ones, like a real distro + app. */
function* fileSizes(layer: number, spec: SynthesisSpec): Generator<number> {
  let state = 0x9e3779b9 ^ (layer * 0x85ebca6b);
  const next = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 0x100000000;
  };
  for (let i = 0; i < spec.filesPerLayer; i++) {
    const r = next();
    if (spec.profile === 'huge') yield 1024 * 1024 * 1024;
    else if (spec.profile === 'tiny') yield Math.floor(r * 1000);
    else if (i % 1000 === 0) yield Math.floor(4 * 1024 * 1024 + next() * 12 * 1024 * 1024);
    else if (r < 0.6) yield Math.floor(200 + next() * 4000);
    else if (r < 0.95) yield Math.floor(4096 + next() * 28_000);
    else yield Math.floor(32_768 + next() * 200_000);
  }
}

/** Half pseudo-random bytes (incompressible, like binaries), half repetitive text (compressible, like sources). */
function sourceBuffer(): Buffer {
  const random = Buffer.alloc(SHARED_SOURCE_BYTES / 2);
  let x = 0x2545f491;
  for (let i = 0; i < random.length; i += 4) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    random.writeInt32LE(x | 0, i);
  }
  const words = ['container', 'layer', 'image', 'digest', 'whiteout', 'manifest', 'config', 'history', 'build', 'run'];
  const text = Buffer.alloc(SHARED_SOURCE_BYTES / 2);
  let offset = 0;
  let n = 7;
  while (offset < text.length) {
    n = (n * 1103515245 + 12345) >>> 0;
    offset += text.write(words[n % words.length] + (n % 7 === 0 ? '\n' : ' '), offset);
  }
  return Buffer.concat([random, text]);
}

function entryWrite(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (content) pack.entry(header as tar.Header, content, (error) => (error ? reject(error) : resolve()));
    else pack.entry(header as tar.Header, (error) => (error ? reject(error) : resolve()));
  });
}

/** A file larger than the shared source: the source from `start` round and round, written as it drains. */
function entryWriteRepeated(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, source: Buffer, start: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const size = header.size!;
    const sink = pack.entry(header as tar.Header, (error) => (error ? reject(error) : resolve())) as unknown as Writable;
    let written = 0;
    let at = start;
    const write = () => {
      while (written < size) {
        const piece = source.subarray(at, at + Math.min(source.length - at, size - written));
        written += piece.length;
        at = (at + piece.length) % source.length;
        if (!sink.write(piece)) { sink.once('drain', write); return; }
      }
      sink.end();
    };
    write();
  });
}

class HashingCounter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.push(chunk);
    done();
  }
}

interface WrittenLayer { plainPath: string; gzipPath: string; diffId: string; gzipDigest: string; gzipBytes: number; plainBytes: number; files: number; contentBytes: number }

async function writeLayer(dir: string, layer: number, source: Buffer, spec: SynthesisSpec): Promise<WrittenLayer> {
  const pack = tar.pack();
  const plainPath = join(dir, `layer${layer}.tar`);
  const gzipPath = join(dir, `layer${layer}.tar.gz`);
  const plainHash = new HashingCounter();
  const gzipHash = new HashingCounter();
  const tee = new PassThrough();
  const plainDone = pipeline(tee, plainHash, createWriteStream(plainPath));
  const gzipSide = new PassThrough();
  // plainOnly: nothing is written to the gzip side.
  const gzipDone = spec.plainOnly ? Promise.resolve() : pipeline(gzipSide, createGzip({ level: 1 }), gzipHash, createWriteStream(gzipPath));
  pack.on('data', (data) => {
    const chunk = data as Buffer;
    const a = tee.write(chunk);
    const b = spec.plainOnly || gzipSide.write(chunk);
    if (!a || !b) {
      pack.pause();
      let waiting = (a ? 0 : 1) + (b ? 0 : 1);
      const resume = () => { if (--waiting === 0) pack.resume(); };
      if (!a) tee.once('drain', resume);
      if (!b) gzipSide.once('drain', resume);
    }
  });
  const packed = new Promise<void>((resolve, reject) => { pack.on('end', () => { tee.end(); gzipSide.end(); resolve(); }); pack.on('error', reject); });

  let files = 0;
  let contentBytes = 0;
  const mtime = new Date(1_700_000_000_000);
  const dirs = new Set<string>();
  let i = 0;
  for (const size of fileSizes(layer, spec)) {
    const dirName = `opt/app${layer}/d${Math.floor(i / 200)}`;
    if (!dirs.has(dirName)) {
      if (dirs.size === 0) await entryWrite(pack, { name: `opt/app${layer}/`, type: 'directory', mode: 0o755, mtime });
      dirs.add(dirName);
      await entryWrite(pack, { name: dirName + '/', type: 'directory', mode: 0o755, mtime });
    }
    if (size > source.length) {
      await entryWriteRepeated(pack, { name: `${dirName}/f${i}.bin`, type: 'file', mode: 0o644, size, mtime }, source, (i * 4096) % source.length);
    } else {
      const start = (i * 7919 * 64) % (source.length - size);
      await entryWrite(pack, { name: `${dirName}/f${i}.bin`, type: 'file', mode: 0o644, size, mtime }, source.subarray(start, start + size));
    }
    files++;
    contentBytes += size;
    i++;
  }
  if (layer === spec.layers - 1 && spec.layers > 1) {
    // Deletes a directory of layer 0 and overwrites part of another: the analysis must account for both.
    await entryWrite(pack, { name: 'opt/app0/d1/', type: 'directory', mode: 0o755, mtime });
    await entryWrite(pack, { name: 'opt/app0/.wh.d0', type: 'file', mode: 0o644, size: 0, mtime }, Buffer.alloc(0));
    for (let k = 200; k < 260; k++) {
      await entryWrite(pack, { name: `opt/app0/d1/f${k}.bin`, type: 'file', mode: 0o600, size: 1000, mtime }, source.subarray(k, k + 1000));
      files++;
      contentBytes += 1000;
    }
  }
  pack.finalize();
  await Promise.all([packed, plainDone, gzipDone]);
  return {
    plainPath, gzipPath, files, contentBytes,
    diffId: 'sha256:' + plainHash.hash.digest('hex'), plainBytes: plainHash.bytes,
    gzipDigest: 'sha256:' + gzipHash.hash.digest('hex'), gzipBytes: gzipHash.bytes,
  };
}

async function packArchive(outPath: string, members: Array<{ name: string; content?: Buffer | string; file?: string }>): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack as unknown as Readable, createWriteStream(outPath + '.part'));
  const mtime = new Date(1_700_000_000_000);
  for (const member of members) {
    if (member.file) {
      const size = statSync(member.file).size;
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry({ name: member.name, size, mode: 0o644, mtime }, (error) => (error ? reject(error) : resolve()));
        pipeline(createReadStream(member.file!), sink as unknown as Writable).catch(reject);
      });
    } else {
      await entryWrite(pack, { name: member.name, mode: 0o644, mtime }, Buffer.from(member.content ?? ''));
    }
  }
  pack.finalize();
  await written;
  renameSync(outPath + '.part', outPath);
}

const sha256 = (data: string) => 'sha256:' + createHash('sha256').update(data).digest('hex');

export async function synthesize(cacheDir: string, log: (line: string) => void, spec: SynthesisSpec = BIG): Promise<SynthesizedImage> {
  const dir = join(cacheDir, SYNTH_VERSION, spec.name);
  const dockerArchive = join(dir, `${spec.name}.docker.tar`);
  const dockerGzipArchive = join(dir, `${spec.name}.docker-gzip.tar`);
  const ociArchive = join(dir, `${spec.name}.oci.tar`);
  const summaryPath = join(dir, 'summary.json');
  const plainLayers = Array.from({ length: spec.layers }, (_, i) => join(dir, `layer${i}.tar`));
  const gzipLayers = Array.from({ length: spec.layers }, (_, i) => join(dir, `layer${i}.tar.gz`));
  const paths = { dir, dockerArchive, dockerGzipArchive, ociArchive, plainLayers, gzipLayers };
  if ([dockerArchive, ...(spec.plainOnly ? [] : [dockerGzipArchive, ociArchive]), summaryPath].every((p) => existsSync(p))) {
    const summary = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(summaryPath, 'utf8')));
    return { ...paths, ...summary };
  }
  await rm(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`bench: synthesizing ${spec.name}, ${spec.layers} layers of ${spec.filesPerLayer} files, in ${dir} (once; kept for later runs)`);
  const source = sourceBuffer();
  const layers: WrittenLayer[] = [];
  for (let i = 0; i < spec.layers; i++) {
    layers.push(await writeLayer(dir, i, source, spec));
    log(`bench: layer ${i}: ${layers[i].files} files, ${(layers[i].plainBytes / 1e6).toFixed(0)} MB tar, ${(layers[i].gzipBytes / 1e6).toFixed(0)} MB gzip`);
  }
  const history = layers.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: `/bin/sh -c #(nop) COPY dir:${i}${'0'.repeat(63)} in /opt/app${i} ` }));
  const configFor = (diffIds: string[]) => JSON.stringify({
    architecture: 'amd64', os: 'linux', created: '2026-01-01T00:00:00Z',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/opt/app0/run'] },
    rootfs: { type: 'layers', diff_ids: diffIds }, history,
  });
  const config = configFor(layers.map((l) => l.diffId));
  const configDigest = sha256(config);
  const tag = `tsimage-bench:${spec.name}`;

  // docker save (Docker ≤ 24 layout): plain layers.
  const layerDirs = layers.map((l) => l.diffId.slice(7));
  await packArchive(dockerArchive, [
    ...layers.map((l, i) => ({ name: `${layerDirs[i]}/layer.tar`, file: l.plainPath })),
    { name: `${configDigest.slice(7)}.json`, content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: `${configDigest.slice(7)}.json`, RepoTags: [tag], Layers: layerDirs.map((d) => `${d}/layer.tar`) }]) },
    { name: 'repositories', content: JSON.stringify({ 'tsimage-bench': { [spec.name]: layerDirs[layerDirs.length - 1] } }) },
  ]);

  const summary = { files: layers.reduce((n, l) => n + l.files, 0), uncompressedBytes: layers.reduce((n, l) => n + l.plainBytes, 0) };
  if (spec.plainOnly) {
    await import('node:fs/promises').then((fs) => fs.writeFile(summaryPath, JSON.stringify(summary)));
    return { ...paths, ...summary };
  }

  // docker save with gzip layers (as Docker 25+ and podman may write them): manifest.json names the blobs.
  await packArchive(dockerGzipArchive, [
    ...layers.map((l) => ({ name: `blobs/sha256/${l.gzipDigest.slice(7)}`, file: l.gzipPath })),
    { name: `blobs/sha256/${configDigest.slice(7)}`, content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: `blobs/sha256/${configDigest.slice(7)}`, RepoTags: [tag], Layers: layers.map((l) => `blobs/sha256/${l.gzipDigest.slice(7)}`) }]) },
  ]);

  // oci-archive: gzip layers.
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: Buffer.byteLength(config) },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.gzipDigest, size: l.gzipBytes })),
  });
  const manifestDigest = sha256(manifest);
  const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: Buffer.byteLength(manifest), annotations: { 'org.opencontainers.image.ref.name': spec.name } }] });
  await packArchive(ociArchive, [
    { name: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', content: index },
    { name: `blobs/sha256/${manifestDigest.slice(7)}`, content: manifest },
    { name: `blobs/sha256/${configDigest.slice(7)}`, content: config },
    ...layers.map((l) => ({ name: `blobs/sha256/${l.gzipDigest.slice(7)}`, file: l.gzipPath })),
  ]);
  await import('node:fs/promises').then((fs) => fs.writeFile(summaryPath, JSON.stringify(summary)));
  return { ...paths, ...summary };
}
