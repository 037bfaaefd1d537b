/**
 * The config file: rules on/off, severity per rule, ignores with reasons, thresholds, extra rule
 * directories. Found from the working directory upwards, or named with --config. Every key is checked:
 * a typo is an error naming the key, never a silently ignored setting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseBytes } from '../bytes.js';
import type { Severity } from './types.js';
import { FAIL_ON_VALUES, type FailOn } from './fail-on.js';

// The YAML parser is the largest module the CLI bundles (~270 KB): it is loaded when a YAML config is read,
// not by every run, most of which have no config file (issue 13). The bundle leaves this require to Node,
// which finds the `yaml` dependency in node_modules as it does for tsc's output.
const requireModule = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (requireModule('yaml') as typeof import('yaml')).parse(text);

export const CONFIG_FILE_NAMES = ['.tsimage.yml', '.tsimage.yaml', '.tsimage.json', 'tsimage.config.json'] as const;

export { FAIL_ON_VALUES, type FailOn };
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
}

/** Findings a team has looked at and accepted. Without `paths` the whole rule is accepted. */
export interface IgnoreEntry {
  rule: string;
  paths?: string[];
  reason: string;
}

export interface Thresholds {
  /** Image size (sum of layer file bytes). */
  maxSize?: number;
  maxLayers?: number;
  /** Exact efficiency, 0..1. */
  minEfficiency?: number;
  /** Exact reclaimable bytes. */
  maxWastedBytes?: number;
  /** Reclaimable bytes as a percentage (0..100) of the image size. */
  maxWastedPercent?: number;
  /** dive's `.dive-ci` keys, judged on dive's own figures so a migrated pipeline behaves as before. */
  lowestEfficiency?: number;
  highestWastedBytes?: number;
  highestUserWastedPercent?: number;
}

export interface LintConfig {
  /** The file it came from, for messages; undefined for the built-in defaults. */
  file?: string;
  failOn?: FailOn;
  rules: Record<string, RuleSetting>;
  ignore: IgnoreEntry[];
  /** In-image path patterns no finding should point at. */
  ignorePaths: string[];
  thresholds: Thresholds;
  /** Directories with extra rule files, resolved against the config file's directory. */
  rulesDirs: string[];
  /** A baseline file, resolved against the config file's directory. */
  baseline?: string;
}

export function emptyConfig(): LintConfig {
  return { rules: {}, ignore: [], ignorePaths: [], thresholds: {}, rulesDirs: [] };
}

/** The nearest config file from `cwd` upwards, if any. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads `--config PATH`, else the nearest config file, else the defaults. */
export function loadConfig(options: { configPath?: string; cwd: string }): LintConfig {
  const file = options.configPath ? resolve(options.cwd, options.configPath) : findConfigFile(options.cwd);
  if (!file) return emptyConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): LintConfig {
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError(`not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`, file);
  }
  if (raw === null || raw === undefined) return { ...emptyConfig(), file };
  return validateConfig(raw, file);
}

const DIVE_KEYS = ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'] as const;
const THRESHOLD_KEYS = ['maxSize', 'maxLayers', 'minEfficiency', 'maxWastedBytes', 'maxWastedPercent', ...DIVE_KEYS] as const;
const TOP_KEYS = ['failOn', 'rules', 'ignore', 'ignorePaths', 'thresholds', 'rulesDir', 'rulesDirs', 'baseline', ...DIVE_KEYS];

function fail(file: string, key: string, reason: string): never {
  throw new InputError(`invalid config key "${key}": ${reason}`, file);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, file: string, key: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || v === '')) fail(file, key, 'expected a list of non-empty strings');
  return list as string[];
}

export function validateConfig(raw: unknown, file: string): LintConfig {
  if (!isRecord(raw)) fail(file, '(top level)', 'expected a mapping of keys to values');
  const config: LintConfig = { ...emptyConfig(), file };
  const base = dirname(file);
  for (const [key, value] of Object.entries(raw)) {
    if (!TOP_KEYS.includes(key)) fail(file, key, `unknown key (known: ${TOP_KEYS.join(', ')})`);
    switch (key) {
      case 'failOn':
        if (!FAIL_ON_VALUES.includes(value as FailOn)) fail(file, key, `expected one of ${FAIL_ON_VALUES.join(', ')}`);
        config.failOn = value as FailOn;
        break;
      case 'rules':
        readRules(value, file, config);
        break;
      case 'ignore':
        config.ignore = readIgnores(value, file);
        break;
      case 'ignorePaths':
        config.ignorePaths = stringList(value, file, key);
        break;
      case 'thresholds':
        if (!isRecord(value)) fail(file, key, 'expected a mapping');
        for (const [name, limit] of Object.entries(value)) setThreshold(config.thresholds, name, limit, file, `thresholds.${name}`);
        break;
      case 'rulesDir':
      case 'rulesDirs':
        config.rulesDirs.push(...stringList(value, file, key).map((d) => resolve(base, d)));
        break;
      case 'baseline':
        if (typeof value !== 'string' || !value) fail(file, key, 'expected a file path');
        config.baseline = resolve(base, value);
        break;
      default:
        setThreshold(config.thresholds, key, value, file, key);
    }
  }
  return config;
}

/**
 * `rules:` maps rule ids to `off` / `on` / a severity / `{ enabled, severity }`. It also accepts dive's
 * `.dive-ci` threshold keys, which dive keeps under `rules:` too (camelCase never clashes with rule ids).
 */
function readRules(value: unknown, file: string, config: LintConfig): void {
  if (!isRecord(value)) fail(file, 'rules', 'expected a mapping of rule ids to settings');
  for (const [id, setting] of Object.entries(value)) {
    const key = `rules.${id}`;
    if ((DIVE_KEYS as readonly string[]).includes(id)) { setThreshold(config.thresholds, id, setting, file, key); continue; }
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(file, key, 'not a rule id (rule ids are kebab-case)');
    if (setting === 'off' || setting === false) config.rules[id] = { enabled: false };
    else if (setting === 'on' || setting === true) config.rules[id] = { enabled: true };
    else if (SEVERITIES.includes(setting as Severity)) config.rules[id] = { enabled: true, severity: setting as Severity };
    else if (isRecord(setting)) {
      const rule: RuleSetting = {};
      for (const [k, v] of Object.entries(setting)) {
        if (k === 'enabled') {
          if (typeof v !== 'boolean') fail(file, `${key}.enabled`, 'expected true or false');
          rule.enabled = v;
        } else if (k === 'severity') {
          if (!SEVERITIES.includes(v as Severity)) fail(file, `${key}.severity`, `expected one of ${SEVERITIES.join(', ')}`);
          rule.severity = v as Severity;
        } else fail(file, `${key}.${k}`, 'unknown key (known: enabled, severity)');
      }
      config.rules[id] = rule;
    } else fail(file, key, `expected off, on, ${SEVERITIES.join(', ')} or { enabled, severity }`);
  }
}

function readIgnores(value: unknown, file: string): IgnoreEntry[] {
  if (!Array.isArray(value)) fail(file, 'ignore', 'expected a list of { rule, paths?, reason }');
  return value.map((item, i) => {
    const key = `ignore[${i}]`;
    if (!isRecord(item)) fail(file, key, 'expected { rule, paths?, reason }');
    for (const k of Object.keys(item)) if (!['rule', 'paths', 'reason'].includes(k)) fail(file, `${key}.${k}`, 'unknown key (known: rule, paths, reason)');
    if (typeof item.rule !== 'string' || !item.rule) fail(file, `${key}.rule`, 'expected a rule id');
    if (typeof item.reason !== 'string' || !item.reason.trim()) fail(file, `${key}.reason`, 'every ignore needs a reason, so the next reader knows why');
    const entry: IgnoreEntry = { rule: item.rule, reason: item.reason };
    if (item.paths !== undefined) entry.paths = stringList(item.paths, file, `${key}.paths`);
    return entry;
  });
}

/** dive writes `disabled` for a threshold it should not check. */
function setThreshold(thresholds: Thresholds, name: string, value: unknown, file: string, key: string): void {
  if (!(THRESHOLD_KEYS as readonly string[]).includes(name)) fail(file, key, `unknown threshold (known: ${THRESHOLD_KEYS.join(', ')})`);
  if (value === 'disabled' || value === null) return;
  const parsed = parseThreshold(name as keyof Thresholds, value);
  if (typeof parsed === 'string') fail(file, key, parsed);
  thresholds[name as keyof Thresholds] = parsed;
}

/** One threshold value from a flag or a config file; a string is the reason it is not valid. */
export function parseThreshold(name: keyof Thresholds, value: unknown): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || text === '') return 'expected a number';
  switch (name) {
    case 'maxSize':
    case 'maxWastedBytes':
    case 'highestWastedBytes': {
      const bytes = parseBytes(text);
      return bytes === undefined ? `not a size: ${text} (use bytes or 20MB, 1.5GiB)` : bytes;
    }
    case 'maxLayers': {
      const n = Number(text);
      return Number.isInteger(n) && n >= 0 ? n : `expected a whole number, got ${text}`;
    }
    case 'maxWastedPercent': {
      const n = Number(text.replace(/%$/, ''));
      return Number.isFinite(n) && n >= 0 && n <= 100 ? n : `expected a percentage 0-100, got ${text}`;
    }
    default: {
      // Ratios (dive's style, 0.95) or percentages (95%).
      const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
      return Number.isFinite(n) && n >= 0 && n <= 1 ? n : `expected a ratio 0-1 or a percentage like 95%, got ${text}`;
    }
  }
}

/** Rule ids the config names that no loaded rule has: a typo would otherwise silently do nothing. */
export function checkRuleIds(config: LintConfig, knownIds: ReadonlySet<string>): void {
  const file = config.file ?? 'config';
  for (const id of Object.keys(config.rules)) if (!knownIds.has(id)) fail(file, `rules.${id}`, 'no such rule (tsimage rules lists them)');
  config.ignore.forEach((entry, i) => {
    if (!knownIds.has(entry.rule)) fail(file, `ignore[${i}].rule`, `no such rule: ${entry.rule}`);
  });
}
