/**
 * The Docker Engine's multiplexed stream (logs and attach without a TTY): frames of an 8-byte header
 * `[stream, 0, 0, 0, size as big-endian uint32]` followed by `size` bytes; stream 0 = stdin, 1 = stdout,
 * 2 = stderr (Engine API, "Attach to a container", stream format). Frames may be split across chunks
 * and chunks may hold several frames, so bytes are buffered until a whole header or payload is there.
 */
export type StreamKind = 'stdout' | 'stderr';

export class StreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (kind: StreamKind, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const type = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if (type > 2 || this.pending[1] !== 0 || this.pending[2] !== 0 || this.pending[3] !== 0) {
        throw new Error(`not a multiplexed engine stream (header ${this.pending.subarray(0, 8).toString('hex')})`);
      }
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      if (size > 0) this.onFrame(type === 2 ? 'stderr' : 'stdout', payload);
    }
  }

  /** Bytes left over when the stream ended: a truncated frame. */
  get leftover(): number {
    return this.pending.length;
  }
}

/** Demultiplexes a whole stream; resolves when it ends. */
export async function demuxStream(source: AsyncIterable<Buffer>, onFrame: (kind: StreamKind, payload: Buffer) => void): Promise<void> {
  const demuxer = new StreamDemuxer(onFrame);
  for await (const chunk of source) demuxer.push(chunk);
}
