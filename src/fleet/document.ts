/** The fleet document batch writes, from its rows: deterministic apart from `generatedAt`. */
import { summarizeFleet } from './summarize.js';
import { FLEET_SCHEMA, type FleetImageRow, type FleetListEntry, type FleetReport, type ShardInfo } from './types.js';

export interface FleetDocumentInput {
  listLength: number;
  /** The entries this run was responsible for (its shard, or the whole list). */
  list: readonly FleetListEntry[];
  rows: readonly FleetImageRow[];
  failOn: string;
  shard?: ShardInfo;
  generatedAt?: Date;
}

export function fleetDocument(input: FleetDocumentInput): FleetReport {
  const images = [...input.rows].sort((a, b) => a.position - b.position);
  return {
    schema: FLEET_SCHEMA,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    ...(input.shard ? { shard: input.shard } : {}),
    failOn: input.failOn,
    listLength: input.listLength,
    list: [...input.list].sort((a, b) => a.position - b.position).map(({ ref, position }) => ({ ref, position })),
    images,
    ...summarizeFleet(images),
  };
}

/** Exit code of a fleet run: 2 when an image could not be read or an entry is missing, else 1 when a gate failed, else 0. */
export function fleetExitCode(report: FleetReport): 0 | 1 | 2 {
  if (report.totals.failed > 0 || (report.missing?.length ?? 0) > 0) return 2;
  return report.totals.gateFailed > 0 ? 1 : 0;
}
