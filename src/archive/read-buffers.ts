/** Bytes per read when a layer is read straight from a file: large reads into reused buffers cost least. */
export const READ_BUFFER_BYTES = 1024 * 1024;

/** Enough for the two layers a thread scans at once, two buffers each. */
const KEPT = 4;
const free: Buffer[] = [];

/**
 * A read buffer, reused across the layers a thread scans rather than made per layer. A freed 1 MiB buffer is
 * not returned to the system: glibc's malloc serves it from its heap once any larger block has been freed
 * (its mmap threshold follows the largest block freed, such as the 1.4 MB bundle bin.js reads), and that
 * heap keeps what fragmentation leaves behind. Made per layer, the medium bench image's four layers left
 * 8 MB more resident memory than four reused buffers.
 */
export function takeReadBuffer(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
}

/** Gives a buffer back once nothing reads into it or from it any more. */
export function giveBackReadBuffer(buffer: Buffer): void {
  if (free.length < KEPT) free.push(buffer);
}
