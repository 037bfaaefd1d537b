/**
 * The fleet report: what `tsimage batch` writes (one per shard, or one for the whole list) and what
 * `tsimage merge` reads and writes. Per image one compact row taken from that image's AnalysisReport, so
 * a fleet of hundreds of images stays a few hundred KB and rows from different shards can be combined
 * without re-reading any image.
 *
 * The document is deterministic for a given list and given images: rows are in list order (the order of
 * `list` below, not completion order), no timings or wall-clock dates inside `images`/`totals`, so a
 * sharded-then-merged report is byte-identical to the unsharded one (only `generatedAt` and `shard`
 * differ, and `merge` rewrites those).
 */
import type { Severity } from '../lint/types.js';

export const FLEET_SCHEMA = 'tsimage-fleet/v1';

/** Which slice of the list a document covers: shard `index` (0-based) of `count`. */
export interface ShardInfo {
  index: number;
  count: number;
}

/** One line of the input list: what the user wrote, and its 0-based position in the whole list. */
export interface FleetListEntry {
  /** The reference or path exactly as written in the list (after trimming; comments and blanks dropped). */
  ref: string;
  /** Position in the full list; shards keep these so `merge` restores list order and finds gaps. */
  position: number;
}

/** A rule that fired on an image, with how many findings and the bytes they name. */
export interface FleetRuleCount {
  ruleId: string;
  severity: Severity;
  count: number;
  bytes: number;
}

/** A wasted path in one image (from report.waste.topPaths). */
export interface FleetWastedPath {
  path: string;
  bytes: number;
  cause: string;
}

/** The row for one image. `status: 'error'` rows carry only ref, position and error. */
export interface FleetImageRow extends FleetListEntry {
  status: 'ok' | 'error';
  /** One line, as analyze would print on stderr (exit 2 cases); only when status is 'error'. */
  error?: string;
  /** report.image.name (the tag or source) and report.image.digest (config digest). */
  name?: string;
  digest?: string;
  platform?: string;
  layerCount?: number;
  /** report.totalBytes / finalBytes / compressedBytes. */
  totalBytes?: number;
  finalBytes?: number;
  compressedBytes?: number;
  /** report.waste.reclaimableBytes and efficiency (0..1). */
  wastedBytes?: number;
  efficiency?: number;
  /** report.base.guess.image (e.g. `debian:12`), its confidence, and the EOL statuses that have ended. */
  base?: { image?: string; confidence?: string; eol: { subject: string; date: string; ended: boolean }[] };
  /** Findings counted by severity after config/ignore/baseline filtering, as analyze's gate sees them. */
  findings: Record<Severity, number>;
  /** Per rule, sorted by count desc then ruleId. */
  rules: FleetRuleCount[];
  /** The image's top wasted paths (at most 10), largest first. */
  topWasted: FleetWastedPath[];
  /** The gate's verdict for this image under the batch's --fail-on. */
  gatePassed: boolean;
}

export interface FleetTotals {
  images: number;
  analyzed: number;
  failed: number;
  totalBytes: number;
  wastedBytes: number;
  findings: Record<Severity, number>;
  gateFailed: number;
  /** Images whose base has at least one ended EOL status. */
  eolImages: number;
}

/** A rule across the fleet: total findings and how many images it fired on. */
export interface FleetTopRule extends FleetRuleCount {
  images: number;
}

/** A wasted path across the fleet: summed bytes and how many images carry it. */
export interface FleetTopPath {
  path: string;
  bytes: number;
  images: number;
}

/** One image's change against `--baseline previous.json`, matched by ref. */
export interface FleetChange {
  ref: string;
  /** 'new' (not in the baseline), 'gone' (in the baseline, not in this list), or 'changed'/'same'. */
  kind: 'new' | 'gone' | 'changed' | 'same';
  wastedBytes?: { before: number; after: number };
  totalBytes?: { before: number; after: number };
  findings?: { before: Record<Severity, number>; after: Record<Severity, number> };
  /** Rule ids that fire now and did not before / that fired before and no longer do. */
  rulesAdded?: string[];
  rulesRemoved?: string[];
  /** 'better' | 'worse' | 'mixed' | 'same' on wasted bytes and error+warning counts. */
  verdict?: 'better' | 'worse' | 'mixed' | 'same';
}

export interface FleetReport {
  schema: typeof FLEET_SCHEMA;
  /** ISO time of writing; the only field that differs between two runs of the same fleet. */
  generatedAt: string;
  /** Present on a shard's document; absent on an unsharded or merged one. */
  shard?: ShardInfo;
  /** The --fail-on the rows' gatePassed was computed with. */
  failOn: string;
  /** The whole list, in every shard's document too: a merge can then name the images of a shard that wrote nothing. */
  listLength: number;
  list: FleetListEntry[];
  images: FleetImageRow[];
  totals: FleetTotals;
  /** Top 20 by count (then bytes, then id). */
  topRules: FleetTopRule[];
  /** Top 20 by summed bytes (then path). */
  topWastedPaths: FleetTopPath[];
  /** Only with --baseline. */
  changes?: FleetChange[];
  /** List entries no document covered (merge only): refs with their positions. */
  missing?: FleetListEntry[];
}
