/**
 * `tsimage merge`: the documents of a sharded batch combined into the one the unsharded batch writes. Rows
 * are joined by list position; totals and top lists are recomputed from them (summarizeFleet), so the merge
 * of all shards equals the unsharded run apart from `generatedAt`. Every document carries the whole list,
 * so the images of a shard that wrote nothing are named from the others (round-robin sharding, shard.ts,
 * says which shard each position was).
 */
import { InputError } from '../errors.js';
import { fleetDocument } from './document.js';
import { shardOf } from './shard.js';
import { FLEET_SCHEMA, type FleetImageRow, type FleetListEntry, type FleetReport } from './types.js';

export interface NamedFleetReport {
  file: string;
  report: FleetReport;
}

/** Parses and checks one fleet document; `file` names it in errors. */
export function parseFleetReport(text: string, file: string): FleetReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not JSON (${(error as Error).message.replace(/\s+/g, ' ').slice(0, 200)})`, file);
  }
  const report = value as Partial<FleetReport> | null;
  if (!report || typeof report !== 'object' || report.schema !== FLEET_SCHEMA) {
    throw new InputError(`not a tsimage fleet report (expected "schema": "${FLEET_SCHEMA}"; write one with tsimage batch --format json)`, file);
  }
  if (!Number.isInteger(report.listLength) || (report.listLength as number) < 0 || !Array.isArray(report.list) || !Array.isArray(report.images) || typeof report.failOn !== 'string') {
    throw new InputError('fleet report lacks listLength, list, images or failOn', file);
  }
  for (const item of [...report.list, ...report.images]) {
    if (!item || typeof item.ref !== 'string' || !Number.isInteger(item.position) || item.position < 0 || item.position >= (report.listLength as number)) {
      throw new InputError(`fleet report has an entry without a ref or with a position outside the list of ${report.listLength}`, file);
    }
  }
  const shard = report.shard;
  if (shard !== undefined && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) {
    throw new InputError('fleet report has a malformed shard', file);
  }
  return report as FleetReport;
}

export interface MergeOutcome {
  report: FleetReport;
  /** One line per shard (or, unsharded, per entry) that no document covered. */
  problems: string[];
}

export function mergeFleetReports(inputs: readonly NamedFleetReport[], generatedAt?: Date): MergeOutcome {
  if (inputs.length === 0) throw new InputError('merge: name at least one fleet report');
  const first = inputs[0];
  for (const { file, report } of inputs.slice(1)) {
    if (report.listLength !== first.report.listLength) throw new InputError(`lists differ: ${report.listLength} entries here, ${first.report.listLength} in ${first.file} (shards of different lists)`, file);
    if (report.failOn !== first.report.failOn) throw new InputError(`--fail-on ${report.failOn} here, ${first.report.failOn} in ${first.file}: the gates differ`, file);
    const count = report.shard?.count ?? 1;
    const firstCount = first.report.shard?.count ?? 1;
    if (count !== firstCount) throw new InputError(`split into ${count} shards here, ${firstCount} in ${first.file}`, file);
  }
  const listLength = first.report.listLength;
  const entries = new Map<number, { entry: FleetListEntry; file: string }>();
  const rows = new Map<number, { row: FleetImageRow; file: string }>();
  for (const { file, report } of inputs) {
    for (const entry of report.list) {
      const seen = entries.get(entry.position);
      if (seen && seen.entry.ref !== entry.ref) throw new InputError(`list position ${entry.position} is ${entry.ref} here and ${seen.entry.ref} in ${seen.file} (shards of different lists)`, file);
      entries.set(entry.position, { entry, file });
    }
    for (const row of report.images) {
      const seen = rows.get(row.position);
      if (seen && JSON.stringify(seen.row) !== JSON.stringify(row)) throw new InputError(`the row of ${row.ref} differs from the one in ${seen.file} (the same shard run twice on different images?)`, file);
      rows.set(row.position, { row, file });
    }
  }
  const missing: FleetListEntry[] = [];
  const problems: string[] = [];
  const count = first.report.shard?.count ?? 1;
  const coveredShards = new Set(inputs.map(({ report }) => report.shard?.index ?? 0));
  const lost = new Map<number, FleetListEntry[]>();
  for (let position = 0; position < listLength; position++) {
    if (rows.has(position)) continue;
    const entry = entries.get(position)?.entry ?? { ref: `(list position ${position})`, position };
    missing.push(entry);
    const shard = shardOf(position, count);
    lost.set(shard, [...(lost.get(shard) ?? []), entry]);
  }
  for (const [shard, lostEntries] of [...lost].sort((a, b) => a[0] - b[0])) {
    const why = coveredShards.has(shard) ? 'its report has no row for' : 'no report covers';
    problems.push(`shard ${shard}/${count} missing: ${why} ${describeEntries(lostEntries)}`);
  }
  missing.sort((a, b) => a.position - b.position);
  const report = fleetDocument({
    listLength,
    list: [...entries.values()].map(({ entry }) => entry),
    rows: [...rows.values()].map(({ row }) => row),
    failOn: first.report.failOn,
    generatedAt,
  });
  if (missing.length > 0) report.missing = missing;
  return { report, problems };
}

/** `a.tar, b.tar, … z.tar (8 images)`: readable for a long list, exact for a short one; the JSON has them all. */
function describeEntries(entries: readonly FleetListEntry[]): string {
  const refs = entries.map((entry) => entry.ref);
  const shown = refs.length <= 8 ? refs.join(', ') : `${refs.slice(0, 6).join(', ')}, … ${refs[refs.length - 1]}`;
  return `${shown} (${refs.length} image${refs.length === 1 ? '' : 's'})`;
}
