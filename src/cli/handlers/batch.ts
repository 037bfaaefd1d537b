import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArgumentsCamelCase } from 'yargs';
import { analyzeModel } from '../../analysis/report.js';
import { defaultCacheDir } from '../../archive/cache/cache-dir.js';
import { InputError, UsageError } from '../../errors.js';
import { fleetDocument } from '../../fleet/document.js';
import { entryInput, parseFleetList } from '../../fleet/list.js';
import { fleetRow } from '../../fleet/row.js';
import { FleetRowCache, type CachedRow } from '../../fleet/row-cache.js';
import { fileStamp } from '../../fleet/file-stamp.js';
import { runBatch } from '../../fleet/run-batch.js';
import { resolveShard, shardEntries } from '../../fleet/shard.js';
import type { FleetImageRow, FleetListEntry } from '../../fleet/types.js';
import { openImage } from '../../image/open.js';
import { loadConfig } from '../../lint/config.js';
import type { Finding } from '../../lint/types.js';
import { FAIL_ON_VALUES, type FailOn } from '../../lint/fail-on.js';
import { STDIN_ARGUMENT } from '../../archive/stdin-argument.js';
import type { BatchArgs } from '../commands/batch.js';
import { fleetTargets, writeFleetReport } from '../fleet-output.js';
import { runGate } from '../gate-options.js';
import { log, progressEnabled, readStdin } from '../io.js';
import { packageVersion } from '../package-version.js';
import { imageArgument, openOptions } from './load-image.js';

export async function batch(args: ArgumentsCamelCase<BatchArgs>): Promise<void> {
  const targets = fleetTargets(args);
  if (args['fail-on'] !== undefined && !FAIL_ON_VALUES.includes(args['fail-on'] as FailOn)) throw new UsageError(`--fail-on: expected one of ${FAIL_ON_VALUES.join(', ')}, got ${args['fail-on']}`);
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1 || args.concurrency > 64) throw new UsageError(`--concurrency: expected 1 to 64, got ${args.concurrency}`);
  const shard = resolveShard(args.shard, args['shard-count']);
  const { text, listDir, listName } = await readList(args.list);
  const list = parseFleetList(text, listName);
  const entries = shardEntries(list, shard);
  const cwd = process.cwd();
  // Checked once here: a bad config fails the batch, not every image alike.
  const config = loadConfig({ configPath: args.config, cwd });
  const failOn = args['fail-on'] ?? config.failOn ?? 'error';
  // --baseline here is an earlier fleet report, not a findings baseline: the gate must not read it as one.
  const gateArgs = { ...args, baseline: undefined, 'write-baseline': undefined };
  const readOptions = openOptions(args);
  const rowCache = args.cache === false ? undefined : new FleetRowCache(args['cache-dir'] ?? defaultCacheDir(), await settingsFingerprint(args, config, readOptions.limits));

  const rowFor = async (entry: FleetListEntry): Promise<FleetImageRow> => {
    const input = imageArgument(entryInput(entry.ref, listDir), args.from);
    const stamp = args.rehash ? undefined : await fileStamp(input);
    let cached: CachedRow | undefined;
    let key: string | undefined;
    const image = await openImage(input, {
      ...readOptions,
      verifyOnlyIf: rowCache && (async (declared) => {
        key = rowCache.keyOf(declared);
        cached = key === undefined ? undefined : await rowCache.get(key);
        if (!cached) return false;
        return stamp !== undefined && cached.stamp === stamp && await fileStamp(input) === stamp ? 'unchanged' : true;
      }),
    });
    // The file as it was before and after this read: only a stamp that held throughout vouches for the bytes.
    const unchanged = stamp !== undefined && await fileStamp(input) === stamp ? stamp : undefined;
    if (cached && image.layersRead === false) {
      if (key !== undefined && cached.stamp !== unchanged) await rowCache!.put(key, { row: cached.row, stamp: unchanged });
      return { ...cached.row, ref: entry.ref, position: entry.position };
    }
    const analyzed = analyzeModel(image, { collectGarbage: true });
    const gate = await runGate(analyzed, gateArgs, cwd, undefined, () => {});
    const row = fleetRow(entry, gate.report, (gate.report.findings ?? []) as Finding[], gate.exitCode === 0);
    if (rowCache && key !== undefined) await rowCache.put(key, { row, stamp: unchanged });
    return row;
  };

  const progress = progressEnabled();
  const rows = await runBatch(entries, rowFor, {
    concurrency: args.concurrency,
    onRow: (row, done, total) => {
      if (row.status === 'error') log(`${progress ? '\r\x1b[K' : ''}tsimage: ${row.error?.includes(row.ref) ? '' : `${row.ref}: `}${row.error}`);
      if (progress) process.stderr.write(`\ranalyzed ${done}/${total}`);
    },
  });
  if (progress) process.stderr.write('\r\x1b[K');
  await rowCache?.prune();
  const report = fleetDocument({ listLength: list.length, list, rows, failOn, shard });
  const exitCode = await writeFleetReport(report, args, targets);
  const { totals } = report;
  log(`${shard ? `shard ${shard.index}/${shard.count}: ` : ''}${totals.analyzed} of ${totals.images} image${totals.images === 1 ? '' : 's'} analyzed${totals.failed ? `, ${totals.failed} unreadable` : ''}, ${totals.gateFailed} failed the gate${rowCache ? `; ${rowCache.hits} unchanged since their kept rows, not analysed again` : ''}`);
  (args as unknown as { setExitCode(code: number): void }).setExitCode(exitCode);
}

async function readList(list: string): Promise<{ text: string; listDir: string; listName: string }> {
  if (list === STDIN_ARGUMENT || list === '-') {
    return { text: await readStdin(), listDir: process.cwd(), listName: 'the list on stdin' };
  }
  try {
    return { text: await readFile(list, 'utf8'), listDir: dirname(list), listName: list };
  } catch (error) {
    throw new InputError(`cannot read the list (${(error as NodeJS.ErrnoException).code ?? error})`, list);
  }
}

/** Everything besides the image that a row depends on; see FleetRowCache. */
async function settingsFingerprint(args: BatchArgs, config: unknown, limits: unknown): Promise<string> {
  const rulesDirs = args['rules-dir'] === undefined ? [] : [args['rules-dir']].flat().map(String);
  const ruleFiles: [string, string][] = [];
  for (const dir of rulesDirs) {
    for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
      const text = await readFile(join(dir, name)).catch(() => undefined);
      if (text) ruleFiles.push([join(dir, name), createHash('sha256').update(text).digest('hex')]);
    }
  }
  return JSON.stringify({
    version: packageVersion(),
    day: new Date().toISOString().slice(0, 10),
    failOn: args['fail-on'],
    thresholds: [args['max-size'], args['max-layers'], args['min-efficiency'], args['max-wasted-bytes'], args['max-wasted-percent']],
    ignore: args.ignore,
    platform: args.platform,
    limits,
    config,
    ruleFiles,
  });
}
