/**
 * Runs one job per list entry with at most `concurrency` at a time and returns the rows in list order,
 * whatever order they finish in. A job that throws an input error becomes that entry's error row; the
 * others go on. Anything else (a usage error, a bug) stops the batch: it would fail every image alike.
 */
import { isUserFacingError, UsageError } from '../errors.js';
import { errorRow } from './row.js';
import type { FleetImageRow, FleetListEntry } from './types.js';

export interface BatchRunOptions {
  concurrency: number;
  /** Called as each entry finishes, in completion order (progress, logs). */
  onRow?: (row: FleetImageRow, done: number, total: number) => void;
}

export async function runBatch(entries: readonly FleetListEntry[], rowFor: (entry: FleetListEntry) => Promise<FleetImageRow>, options: BatchRunOptions): Promise<FleetImageRow[]> {
  const rows: FleetImageRow[] = new Array(entries.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const entry = entries[index];
      let row: FleetImageRow;
      try {
        row = await rowFor(entry);
      } catch (error) {
        if (error instanceof UsageError || !isUserFacingError(error)) throw error;
        row = errorRow(entry, error.message);
      }
      rows[index] = row;
      options.onRow?.(row, ++done, entries.length);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency, entries.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return rows;
}
