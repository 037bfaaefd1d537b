import { Readable } from 'node:stream';

/**
 * Reads the first `length` bytes (or all, if fewer) of a stream that cannot be read twice, and gives them back
 * with a stream of the whole content, those bytes first: the head decides how to read it (tar, gzip, zstd, JSON).
 */
export async function peekHead(source: AsyncIterable<Buffer>, length: number): Promise<{ head: Buffer; whole: () => Readable; rest: () => AsyncGenerator<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let read = 0;
  while (read < length) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    read += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest() {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  async function* replay() {
    if (head.length) yield head;
    yield* rest();
  }
  return { head, whole: () => Readable.from(replay(), { objectMode: false }), rest };
}
