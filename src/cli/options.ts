/**
 * The options commands share, as yargs builders. Kept apart from what the options do (handlers/, gate-options.ts,
 * report-output.ts) so that parsing argv and printing --help load no reader, renderer or rule.
 */
import type { Argv } from 'yargs';
import { defaultScanLimits } from '../archive/scan-limits.js';
import { DEFAULT_CACHE_MAX_BYTES } from '../archive/cache/cache-dir.js';
import { SOURCE_KINDS, type SourceKind } from '../archive/image-reference.js';
import { FAIL_ON_VALUES } from '../lint/fail-on.js';
import { formatNames } from '../report/format-names.js';
import { formatBinaryBytes } from '../bytes.js';
import { EXIT_CODES_HELP } from './exit-code.js';

export interface ImageInputArgs {
  /** The archive, directory or `-` to read. */
  archive: string;
  /** `--image NAME`: which image of several in the archive. */
  image?: string;
  platform?: string;
  'max-layer-size': string;
  'max-expand-ratio': number;
  /** registry:// over plain HTTP, localhost only. */
  insecure?: boolean;
  /** `--from registry`: how to read a name that has no scheme. */
  from?: SourceKind;
  /** `--no-cache` sets it false. */
  cache?: boolean;
  'cache-dir'?: string;
  'cache-max-size'?: string;
}

/** Options every command that reads an image archive shares. */
export function imageInputOptions<T>(yargs: Argv<T>) {
  return imageSelectionOptions(yargs
    .positional('archive', { type: 'string', demandOption: true, describe: 'docker save / oci-archive tar (.tar, .tar.gz), OCI layout directory, docker export tar, - for stdin, or an engine image: docker://NAME:TAG, podman://NAME:TAG, NAME:TAG when no such file exists, or registry://HOST/REPO:TAG' }));
}

/** Which image of an archive, and the decompression guards: the shared options without the archive positional (diff has two). */
export function imageSelectionOptions<T>(yargs: Argv<T>) {
  return imageReadOptions(yargs
    .option('image', { type: 'string', describe: 'pick one image of several in the archive: a tag (app:1), a name or an id prefix (default: the first)' }));
}

/** How any image is read: platform, decompression guards, where a bare name is, the layer cache (batch reads many). */
export function imageReadOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('platform', { type: 'string', describe: 'os/arch[/variant] to pick from a multi-platform index (default: this machine\'s)' })
    .option('max-layer-size', { type: 'string', default: formatBinaryBytes(defaultScanLimits.maxLayerBytes), describe: 'refuse a layer that decompresses past this size (decompression bomb guard)' })
    .option('max-expand-ratio', { type: 'number', default: defaultScanLimits.maxExpandRatio, describe: 'refuse a layer that expands more than this many times' })
    .option('from', { type: 'string', choices: SOURCE_KINDS, describe: 'where a name without a scheme is: file, docker, podman or registry (--from registry nginx:1.27 is registry://nginx:1.27)' })
    .option('insecure', { type: 'boolean', default: false, describe: 'registry:// over plain HTTP (localhost only)' })
    .option('cache', { type: 'boolean', default: true, describe: 'keep each layer\'s analysis in the cache dir, so a layer shared by images is read once (--no-cache: off)' })
    .option('cache-dir', { type: 'string', describe: 'the layer cache (default $XDG_CACHE_HOME/tsimage, else ~/.cache/tsimage)' })
    .option('cache-max-size', { type: 'string', default: formatBinaryBytes(DEFAULT_CACHE_MAX_BYTES), describe: 'evict least recently used cache entries past this size' });
}

export interface ReportOutputArgs {
  format?: string | string[];
  output?: string;
  dockerfile?: string;
  target?: string;
  archive: string;
  'show-secrets'?: boolean;
}

export function reportOutputOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('format', { alias: 'f', type: 'string', default: 'text', describe: `report format: ${formatNames.join('|')}; FORMAT=FILE writes that format to FILE (repeatable)` })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' })
    .option('dockerfile', { type: 'string', describe: 'the Dockerfile that built the image: findings then point at its lines' })
    .option('target', { type: 'string', describe: 'with --dockerfile: the stage the image was built from (docker build --target); default the last' });
}

export interface GateArgs {
  'fail-on'?: string;
  'max-size'?: string;
  'max-layers'?: string;
  'min-efficiency'?: string;
  'max-wasted-bytes'?: string;
  'max-wasted-percent'?: string;
  config?: string;
  'rules-dir'?: string | string[];
  baseline?: string;
  'write-baseline'?: string;
  ignore?: string | string[];
  'max-findings-per-rule'?: number;
}

/** Which findings count, the same for `analyze` and `lint`: the severity gate, config, extra rules, ignores, baseline. */
export function findingOptions<T>(yargs: Argv<T>) {
  return ruleSelectionOptions(yargs)
    .option('baseline', { type: 'string', describe: 'accept the findings in this baseline file: only new findings count' })
    .option('write-baseline', { type: 'string', describe: 'write the current findings to this baseline file; they are accepted for this run' })
    .option('max-findings-per-rule', { type: 'number', describe: 'list at most N findings of a rule (per Dockerfile), then one saying how many more; counts and the gate stay exact; 0 lists all (default 100)' });
}

/** The severity gate and which rules run: findingOptions without the findings baseline (batch's --baseline is a fleet report). */
export function ruleSelectionOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('fail-on', { type: 'string', describe: `exit 1 when a finding at or above this severity exists: ${FAIL_ON_VALUES.join('|')} (default error)` })
    .option('config', { type: 'string', describe: 'config file (default: the nearest .tsimage.yml, .tsimage.yaml, .tsimage.json or tsimage.config.json from the working directory up)' })
    .option('rules-dir', { type: 'string', describe: 'directory of extra rule files (.js/.mjs, same API as the built-in rules); repeatable' })
    .option('ignore', { type: 'string', describe: 'turn off a rule for this run: its id, a hadolint code (DL3008) or a BuildKit check name; repeatable' });
}

export function gateOptions<T>(yargs: Argv<T>) {
  return thresholdOptions(findingOptions(yargs))
    .epilog(EXIT_CODES_HELP);
}

/** The size and efficiency thresholds of the gate. */
export function thresholdOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('max-size', { type: 'string', describe: 'exit 1 when the image (sum of layer file bytes) is larger: bytes or 20MB, 1.5GiB' })
    .option('max-layers', { type: 'string', describe: 'exit 1 when the image has more layers' })
    .option('min-efficiency', { type: 'string', describe: 'exit 1 when the exact efficiency is lower: ratio 0-1 or 95%' })
    .option('max-wasted-bytes', { type: 'string', describe: 'exit 1 when more bytes are reclaimable: bytes or 20MB' })
    .option('max-wasted-percent', { type: 'string', describe: 'exit 1 when reclaimable bytes are a larger share of the image (0-100)' });
}
