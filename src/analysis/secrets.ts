/**
 * Secrets an image carries in its metadata, and their masked form for every output.
 *
 * One test decides what is a secret (`secretReason`: the `secret-in-env-or-arg` rule uses it to report, and
 * this module to mask), applied to every name/value pair the image records: config Env and Labels, and in
 * each history `created_by` the `|N K=V` build args of a RUN and the pairs of ENV, LABEL and ARG entries
 * (ONBUILD triggers too). The image model and the rules see the values as they are (a rule has to see a
 * secret to report it); what leaves the process goes through `maskSecrets` first: every report format,
 * the reconstructed Dockerfile, `diff`, `run`, the baseline file. `--show-secrets` skips it.
 *
 * Masking is by context, never by bare value alone: `POSTGRES_PASSWORD=postgres` must not turn every
 * `usr/lib/postgresql` path into `po****es…`. A value is masked where it stands beside its name
 * (`NAME=value`, `NAME="value"` as a Dockerfile quotes it, `NAME value`, `{NAME: value}`,
 * `{key: NAME, a: value}`); a value that is a secret by its shape alone (an AWS key id, a GitHub token, ...)
 * is distinctive and masked wherever it appears.
 */
import type { ImageConfig } from '../image/model.js';
import { historyParses } from './dockerfile/history-parses.js';
import { parseCreatedBy, type ParsedInstruction } from './dockerfile/parse-created-by.js';
import { quoteValue } from './dockerfile/syntax.js';

/**
 * Names that say "this value is a secret", as whole words of the name (`NPM_TOKEN`, `api-key`, `DB_PASS`).
 * Not KEY alone: GPG_KEY and friends are public fingerprints; not PASS as a prefix: PASSENGER_VERSION.
 */
export const SECRET_NAME = /(^|[._-])(pass(word|wd)?|secret|token|api[._-]?key|access[._-]?key|private[._-]?key|secret[._-]?key|credentials?)([._-]|$)/i;
/** Names that hold a reference to a secret or something about it, not the secret. */
export const REFERENCE_NAME = /[._-](file|path|dir|url|host|port|user|username|name|type|version|length|header|endpoint|mode|id)$/i;
/** Values that are secrets whatever the name: provider token formats and key material. */
const SECRET_VALUE: { kind: string; re: RegExp }[] = [
  { kind: 'an AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', re: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { kind: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Stripe key', re: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { kind: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/**
 * `scheme://user:password@` as /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i matches it, without that regex:
 * its unbounded scheme, tried from every word boundary, was quadratic on a long `a.a.a.…` or `ab-ab-…` value
 * (100 KB: 5 s). Found from each `://` instead, the scheme checked backwards: the same first match, linear.
 * Returns where the password starts and where the `@` after it ends.
 */
function passwordInUrl(value: string): { start: number; end: number } | undefined {
  const after = /:\/\/([^\s/:@]+):([^\s/@]+)@/g;
  for (let m = after.exec(value); m; m = after.exec(value)) {
    if (schemeBefore(value, m.index)) return { start: m.index + 3 + m[1].length + 1, end: m.index + m[0].length };
    after.lastIndex = m.index + 1;
  }
  return undefined;
}

/** True when `\b[a-z][a-z0-9+.-]*` (case-insensitive) can end right before `end`. */
function schemeBefore(value: string, end: number): boolean {
  for (let p = end - 1; p >= 0 && /[a-z0-9+.-]/i.test(value[p]); p--) {
    if (/[a-z]/i.test(value[p]) && (p === 0 || !/\w/.test(value[p - 1]))) return true;
  }
  return false;
}
const NAME_REASON = 'a secret-looking name';

/** Why a name/value pair is a secret, or undefined. */
export function secretReason(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  for (const { kind, re } of SECRET_VALUE) if (re.test(value)) return kind;
  if (passwordInUrl(value)) return 'a password in a URL';
  if (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name) && !value.startsWith('/') && !/^\$\{?\w+\}?$/.test(value)) return NAME_REASON;
  return undefined;
}

/** Hides all but the edges of a secret (and a URL's password entirely) so no output leaks it. */
export function maskSecretValue(value: string): string {
  const edges = (v: string) => (v.length <= 4 ? '****' : `${v.slice(0, 2)}${'*'.repeat(Math.min(8, v.length - 4))}${v.slice(-2)}`);
  const url = passwordInUrl(value);
  return edges(url ? `${value.slice(0, url.start)}****@${value.slice(url.end)}` : value);
}

export interface Secret {
  name: string;
  value: string;
  masked: string;
  reason: string;
}

/** What the secrets are read from: an image model or an analysis report (both carry config and history). */
export interface SecretSource {
  config?: Pick<ImageConfig, 'Env' | 'Labels'> & { OnBuild?: string[] };
  history?: readonly { createdBy?: string }[];
}

/** Every secret name/value pair the image records, once each, the longest values first. */
export function findSecrets(...sources: SecretSource[]): Secret[] {
  const found = new Map<string, Secret>();
  const consider = (name: string, value: string | undefined) => {
    const reason = secretReason(name, value);
    if (!reason || value === undefined) return;
    found.set(`${name}\0${value}`, { name, value, masked: maskSecretValue(value), reason });
  };
  const fromInstruction = (parsed: ParsedInstruction) => {
    for (const [name, value] of Object.entries(parsed.buildArgs ?? {})) consider(name, value);
    if (parsed.instruction === 'ENV' || parsed.instruction === 'LABEL' || parsed.instruction === 'ARG') {
      for (const [name, value] of parsed.pairs ?? []) consider(name, value);
    }
  };
  for (const source of sources) {
    for (const env of source.config?.Env ?? []) {
      const eq = env.indexOf('=');
      if (eq > 0) consider(env.slice(0, eq), env.slice(eq + 1));
    }
    for (const [name, value] of Object.entries(source.config?.Labels ?? {})) consider(name, value);
    for (const trigger of source.config?.OnBuild ?? []) fromInstruction(parseCreatedBy(trigger));
    if (source.history) for (const parsed of historyParses(source.history)) fromInstruction(parsed);
  }
  return [...found.values()].sort((a, b) => b.value.length - a.value.length);
}

/** Literal replacements for one secret: the value beside its name in every spelling outputs use. */
function replacements(secret: Secret): [string, string][] {
  const { name, value, masked } = secret;
  const pairs: [string, string][] = [
    [`${name}=${quoteValue(value)}`, `${name}=${quoteValue(masked)}`],
    [`${name}=${value}`, `${name}=${masked}`],
    [`${name}="${value}"`, `${name}="${masked}"`],
    [`${name}='${value}'`, `${name}='${masked}'`],
    // The old one-pair form, `ENV NAME value`.
    [`${name} ${value}`, `${name} ${masked}`],
  ];
  // A token of a known format is recognisable wherever it stands.
  if (secret.reason !== NAME_REASON) pairs.push([value, masked]);
  return pairs;
}

/** The text with every secret masked where it stands beside its name (or anywhere, for a token of a known format). */
export function maskText(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const [from, to] of replacements(secret)) if (out.includes(from)) out = out.split(from).join(to);
  }
  return out;
}

/**
 * A copy of any plain value (a report, a diff, a change set, a rendered text) with the secrets masked:
 * every string by `maskText`, and a string property that equals a secret's value when its object names that
 * secret (as a property name, as Labels and build args do, or in its `key`/`name`, as a diff's changes do).
 */
export function maskSecrets<T>(value: T, secrets: readonly Secret[]): T {
  if (secrets.length === 0) return value;
  const valuesByName = new Map<string, Map<string, string>>();
  for (const s of secrets) {
    let values = valuesByName.get(s.name);
    if (!values) valuesByName.set(s.name, (values = new Map()));
    values.set(s.value, s.masked);
  }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const object = v as Record<string, unknown>;
    const named = [object.key, object.name].filter((n): n is string => typeof n === 'string').map((n) => valuesByName.get(n)).filter((m) => m !== undefined);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) {
      const exact = typeof item === 'string' ? (valuesByName.get(key)?.get(item) ?? named.map((m) => m.get(item)).find((m) => m !== undefined)) : undefined;
      out[key] = exact ?? walk(item);
    }
    return out;
  };
  return walk(value) as T;
}
