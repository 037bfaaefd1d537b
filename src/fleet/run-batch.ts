/**
 * Runs one job per list entry with at most `concurrency` at a time and returns the rows in list order,
 * whatever order they finish in. A job that throws an input error becomes that entry's error row; the
 * others go on. Anything else (a usage error, a bug) stops the batch: it would fail every image alike.
 */
import { isUserFacingError, UsageError } from '../errors.js';
import { mapWithConcurrency } from '../image/load.js';
import { errorRow } from './row.js';
import type { FleetImageRow, FleetListEntry } from './types.js';

export interface BatchRunOptions {
  concurrency: number;
  /** Called as each entry finishes, in completion order (progress, logs). */
  onRow?: (row: FleetImageRow, done: number, total: number) => void;
}

export async function runBatch(entries: readonly FleetListEntry[], rowFor: (entry: FleetListEntry) => Promise<FleetImageRow>, options: BatchRunOptions): Promise<FleetImageRow[]> {
  let done = 0;
  return mapWithConcurrency([...entries], Math.max(1, options.concurrency), async (entry) => {
    let row: FleetImageRow;
    try {
      row = await rowFor(entry);
    } catch (error) {
      if (error instanceof UsageError || !isUserFacingError(error)) throw error;
      row = errorRow(entry, error.message);
    }
    options.onRow?.(row, ++done, entries.length);
    return row;
  });
}
