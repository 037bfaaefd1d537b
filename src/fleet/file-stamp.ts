/**
 * What says a file has not changed since it was last read: device, inode, size, and the nanosecond mtime and
 * ctime. The kernel sets ctime on every change of content or metadata and no call can set it back, so an
 * archive with the same stamp holds the bytes it held when the stamp was taken (the rule git's index and
 * ccache rely on).
 */
import { stat } from 'node:fs/promises';

export type FileStamp = string;

/** The stamp of a regular file; undefined for anything else (a directory, a reference, stdin) or on error. */
export async function fileStamp(path: string): Promise<FileStamp | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    if (!s.isFile()) return undefined;
    return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
  } catch {
    return undefined;
  }
}
