import { PassThrough, Readable } from 'node:stream';
import { posix } from 'node:path';
import tar from 'tar-stream';
import { InputError } from '../errors.js';
import { sniffCompression } from './decompress.js';
import { LayerDataError, scanLayer, type CapturePredicate, type LayerScan, type ScanLimits } from './layer-scan.js';
import type { ArchiveStore, FileRange } from './store.js';
import { normalizeMemberName } from './tar-index.js';
import { peekHead } from './stream-head.js';

/** A metadata member (manifest, config, index, VERSION) may be this large; the file readers' own limit. */
const MAX_METADATA_MEMBER_BYTES = 32 * 1024 * 1024;
/** All metadata members together: a hostile stream of many small members cannot exhaust memory. */
const MAX_METADATA_TOTAL_BYTES = 128 * 1024 * 1024;
const MAX_LINK_HOPS = 16;
/** Enough of a layer's start to sniff its compression again when it is reopened. */
const HEAD_BYTES = 512;

type Member =
  | { type: 'metadata'; data: Buffer }
  | { type: 'layer'; size: number; head: Buffer; scan: LayerScan }
  | { type: 'link'; target: string };

/** Re-reads one member of the archive from its source (a second request), for callers that need layer contents. */
export type ReopenMember = (name: string) => Promise<Readable>;

/**
 * An image archive that arrived as a stream (an engine's `GET /images/{name}/get`) and was read in one pass,
 * with nothing written to disk. Members are told apart by their first bytes: a tar, gzip or zstd stream is a
 * layer and is scanned as it streams past (only its scan — headers and hashes — is kept); anything else is
 * metadata (JSON, VERSION) and is kept in memory, bounded. That makes the member order irrelevant: `docker
 * save` puts layers before manifest.json (it tars a directory in name order), containerd's exporter writes
 * blobs first too, and a writer that puts the manifest first reads the same way.
 *
 * The catch is that layers are scanned before the config is known, so the caller gives the capture
 * predicate up front (from the engine's inspect answer) and checks afterwards that the config it was
 * derived from is the one in the archive.
 */
export class StreamedStore implements ArchiveStore {
  readonly kind = 'tar' as const;
  private constructor(readonly label: string, private readonly members: Map<string, Member>, private readonly reopen?: ReopenMember) {}

  static async read(source: Readable, label: string, options: { limits: ScanLimits; capture?: CapturePredicate; reopen?: ReopenMember }): Promise<StreamedStore> {
    const members = new Map<string, Member>();
    let metadataBytes = 0;
    const extract = tar.extract();
    let sourceError: Error | undefined;
    source.on('error', (error) => { sourceError ??= error; extract.destroy(error); });
    source.pipe(extract as unknown as NodeJS.WritableStream);
    try {
      for await (const entry of extract) {
        const header = entry.header;
        const name = normalizeMemberName(header.name);
        if (header.type === 'symlink' || header.type === 'link') {
          const target = header.type === 'symlink' ? posix.join(posix.dirname(name), header.linkname ?? '') : normalizeMemberName(header.linkname ?? '');
          if (name) members.set(name, { type: 'link', target: normalizeMemberName(posix.normalize(target)) });
          entry.resume();
          continue;
        }
        if (header.type !== 'file' && header.type !== 'contiguous-file') {
          entry.resume();
          continue;
        }
        const { head, whole, rest } = await peekHead(entry as unknown as AsyncIterable<Buffer>, HEAD_BYTES);
        const compression = head.length === 0 ? 'unknown' : sniffCompression(head);
        if (compression === 'unknown') {
          const size = header.size ?? 0;
          if (size > MAX_METADATA_MEMBER_BYTES || metadataBytes + size > MAX_METADATA_TOTAL_BYTES) {
            throw new InputError(`${name} is ${size} bytes and neither a layer (tar, gzip, zstd) nor a metadata file a reader keeps in memory`, label);
          }
          const chunks: Buffer[] = [head];
          for await (const chunk of rest()) chunks.push(chunk);
          const data = Buffer.concat(chunks);
          metadataBytes += data.length;
          members.set(name, { type: 'metadata', data });
          continue;
        }
        let scan: LayerScan;
        try {
          scan = await scanLayer(whole(), compression, options.limits, options.capture);
        } catch (error) {
          if (sourceError) throw sourceError;
          if (error instanceof LayerDataError) throw new InputError(`${name}: ${error.message}`, label);
          throw error;
        }
        members.set(name, { type: 'layer', size: scan.compressedBytes, head: Buffer.from(head.subarray(0, HEAD_BYTES)), scan });
      }
    } catch (error) {
      source.destroy();
      if (error instanceof InputError) throw error;
      const cause = sourceError ?? error;
      throw new InputError(`the image stream broke off (${(cause as Error).message})`, label);
    }
    if (sourceError) throw new InputError(`the image stream broke off (${sourceError.message})`, label);
    if (members.size === 0) throw new InputError('the image stream held no files', label);
    return new StreamedStore(label, members, options.reopen);
  }

  /** The member a name stands for, following symlinks and hard links between members. */
  private resolve(name: string): { name: string; member: Member } | undefined {
    let current = normalizeMemberName(name);
    for (let hops = 0; hops <= MAX_LINK_HOPS; hops++) {
      const member = this.members.get(current);
      if (!member) return undefined;
      if (member.type !== 'link') return { name: current, member };
      if (member.target.startsWith('../')) throw new InputError(`${current} links outside the archive`, this.label);
      current = member.target;
    }
    throw new InputError(`symlink loop at ${name} inside the archive`, this.label);
  }

  private file(name: string): { name: string; member: Exclude<Member, { type: 'link' }> } {
    const found = this.resolve(name);
    if (!found || found.member.type === 'link') throw new InputError(`missing ${name} in the archive`, this.label);
    return found as { name: string; member: Exclude<Member, { type: 'link' }> };
  }

  names(): string[] {
    return [...this.members.entries()].filter(([, m]) => m.type !== 'link').map(([n]) => n);
  }

  has(name: string): boolean {
    try { return this.resolve(name) !== undefined; } catch { return false; }
  }

  size(name: string): number {
    const { member } = this.file(name);
    return member.type === 'metadata' ? member.data.length : member.size;
  }

  /** The scan made while the layer streamed past; the layer's bytes themselves were not kept. */
  scanned(name: string): LayerScan | undefined {
    const found = this.resolve(name);
    return found?.member.type === 'layer' ? found.member.scan : undefined;
  }

  open(name: string, start = 0, end?: number): Readable {
    const { name: real, member } = this.file(name);
    if (member.type === 'metadata') return Readable.from([member.data.subarray(start, end === undefined ? undefined : end + 1)]);
    if (!this.reopen || start !== 0 || end !== undefined) {
      throw new InputError(`${name} was read as it streamed past and cannot be read again`, this.label);
    }
    // The layer's bytes were not kept: a second request streams them again.
    const out = new PassThrough();
    this.reopen(real).then((stream) => {
      stream.on('error', (error) => out.destroy(error));
      stream.pipe(out);
    }, (error) => out.destroy(error));
    return out;
  }

  async readHead(name: string, length: number): Promise<Buffer> {
    const { member } = this.file(name);
    return (member.type === 'metadata' ? member.data : member.head).subarray(0, length);
  }

  async readText(name: string, limit = MAX_METADATA_MEMBER_BYTES): Promise<string> {
    return (await this.readBytes(name, limit)).toString('utf8');
  }

  async readBytes(name: string, limit = MAX_METADATA_MEMBER_BYTES): Promise<Buffer> {
    const { member } = this.file(name);
    if (member.type !== 'metadata') throw new InputError(`${name} is a layer, not a metadata file`, this.label);
    if (member.data.length > limit) throw new InputError(`${name} is ${member.data.length} bytes, more than the ${limit} a metadata file may have`, this.label);
    return member.data;
  }

  locate(name: string): FileRange {
    throw new InputError(`${name} was streamed, it has no place on disk`, this.label);
  }
}

/** Streams one member out of a tar stream (the rest is skipped), for a second read of a layer. */
export function extractMember(source: Readable, wanted: string, label: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let found = false;
    source.on('error', (error) => extract.destroy(error));
    extract.on('entry', (header, stream, next) => {
      if (!found && normalizeMemberName(header.name) === wanted) {
        found = true;
        const out = new PassThrough();
        stream.on('end', () => { out.end(); source.destroy(); extract.destroy(); });
        stream.on('data', (chunk: unknown) => { if (!out.write(chunk as Buffer)) { stream.pause(); out.once('drain', () => stream.resume()); } });
        resolve(out);
        return;
      }
      stream.on('end', next);
      stream.resume();
    });
    extract.on('error', (error) => { if (!found) reject(new InputError(`re-reading ${wanted}: ${error.message}`, label)); });
    extract.on('finish', () => { if (!found) reject(new InputError(`missing ${wanted} when the image was read again`, label)); });
    source.pipe(extract as unknown as NodeJS.WritableStream);
  });
}
