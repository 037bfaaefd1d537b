import { constants } from 'node:fs';
import { mkdir, open, readlink, realpath } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { InputError } from '../errors.js';
import type { FileChange } from './change-set.js';
import { SafeRoot } from './safe-root.js';

export interface ExportResult {
  written: string[];
  /** Paths not exported and why (a symlink pointing outside DIR, a device, a hostile name). */
  refused: string[];
}

/** Only what a run added or changed and that is not a directory (a changed directory's new files are listed themselves). */
function exportable(changes: FileChange[]): FileChange[] {
  return changes.filter((c) => c.kind !== 'deleted' && c.type !== 'directory');
}

async function prepare(dir: string): Promise<SafeRoot> {
  await mkdir(dir, { recursive: true });
  return new SafeRoot(await realpath(dir), dir);
}

/**
 * Copies changed files out of an engine container with GET /containers/{id}/archive, one tar per path.
 * Each tar holds the path's basename; it is written at the same image path under DIR, never through
 * a symlink, and a symlink is kept only when it stays inside DIR.
 */
export async function exportFromEngine(changes: FileChange[], dir: string, fetchTar: (path: string) => Promise<Readable>): Promise<ExportResult> {
  const root = await prepare(dir);
  const result: ExportResult = { written: [], refused: [] };
  for (const change of exportable(changes)) {
    let stream: Readable;
    try {
      stream = await fetchTar(`/${change.path}`);
    } catch (error) {
      result.refused.push(`${change.path}: ${(error as Error).message}`);
      continue;
    }
    const extract = tar.extract();
    const consume = (async () => {
      for await (const entry of extract) {
        const header = entry.header;
        try {
          const inner = root.relative(header.name);
          const rel = root.relative(posix.join(posix.dirname(change.path), inner));
          if (header.type === 'file' || header.type === 'contiguous-file') {
            await root.writeFile(rel, entry as unknown as AsyncIterable<Buffer>, (header.mode ?? 0o644) & 0o777);
            result.written.push(rel);
            continue;
          }
          entry.resume();
          if (header.type === 'symlink') {
            await root.symlink(rel, header.linkname ?? '', true);
            result.written.push(rel);
          } else if (header.type !== 'directory') {
            result.refused.push(`${rel}: ${header.type} not exported`);
          }
        } catch (error) {
          entry.resume();
          if (!(error instanceof InputError)) throw error;
          result.refused.push(error.message);
        }
      }
    })().catch((error) => {
      extract.destroy(error as Error);
      throw error;
    });
    await Promise.all([pipeline(stream, extract), consume]);
  }
  return result;
}

/** Copies changed files out of an unpacked rootfs (the runc engine), with the same rules. */
export async function exportFromRootfs(changes: FileChange[], rootfs: string, dir: string): Promise<ExportResult> {
  const root = await prepare(dir);
  const result: ExportResult = { written: [], refused: [] };
  for (const change of exportable(changes)) {
    const source = join(rootfs, change.path);
    try {
      const rel = root.relative(change.path);
      if (change.type === 'symlink') {
        await root.symlink(rel, await readlink(source), true);
      } else if (change.type === 'file') {
        // O_NOFOLLOW: a path the container swapped for a symlink after the snapshot is not followed.
        const handle = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW);
        try {
          await root.writeFile(rel, handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>, 0o644);
        } finally {
          await handle.close();
        }
      } else {
        result.refused.push(`${change.path}: ${change.type} not exported`);
        continue;
      }
      result.written.push(rel);
    } catch (error) {
      if (error instanceof InputError) result.refused.push(error.message);
      else result.refused.push(`${change.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return result;
}
