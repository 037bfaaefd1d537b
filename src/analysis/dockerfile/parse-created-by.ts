/**
 * Parses one history `created_by` string into the Dockerfile instruction that wrote it.
 *
 * Shapes, by builder:
 * - legacy builder (and buildah/podman, which copied it): metadata instructions are the current shell plus
 *   `#(nop) ` and the instruction (`/bin/sh -c #(nop)  CMD ["x"]`); COPY/ADD hide the source behind a
 *   content hash (`#(nop) COPY file:<sha> in /dst `); RUN is the bare command line the shell ran
 *   (`/bin/sh -c apt-get ...`), prefixed by `|N K=V ...` when build args were in scope.
 * - BuildKit: the instruction keyword first (`RUN /bin/sh -c ... # buildkit`, `COPY a b # buildkit`,
 *   `EXPOSE map[8080/tcp:{}]`); layer-making steps end in ` # buildkit`.
 * - kaniko and other tools that print the Dockerfile line as written: parsed like BuildKit.
 * Anything else comes back as instruction 'UNKNOWN' with the text kept verbatim. Never throws.
 */
import type { HealthcheckConfig } from '../../image/model.js';
import { parseGoHealthcheck, parseGoMapKeys, parseGoPlainSlice, parseGoQuotedSlice } from './go-format.js';

export interface ParsedInstruction {
  /** 'RUN', 'COPY', 'ADD', 'ENV', ... or 'UNKNOWN'. */
  instruction: string;
  /**
   * Dockerfile argument text. RUN: the bare shell command (no shell prefix, no `|N` build args, no
   * `# buildkit`). CMD/ENTRYPOINT/SHELL/VOLUME: a JSON array. EXPOSE: ports separated by spaces.
   * HEALTHCHECK: flags and CMD as a Dockerfile writes them. ENV/LABEL/ARG: `k=v` pairs as recorded
   * (unquoted: builders do not quote values). COPY/ADD: sources and destination.
   */
  arguments: string;
  /** The `|N K=V` build args a RUN saw. */
  buildArgs?: Record<string, string>;
  /** The shell a RUN (or a legacy #(nop) line) was recorded with, e.g. ['/bin/sh', '-c']. */
  shell?: string[];
  form?: 'shell' | 'exec';
  builder: 'legacy' | 'buildkit' | 'unknown';
  raw: string;
  /** CMD/ENTRYPOINT/SHELL/VOLUME and exec-form RUN: the array. */
  argv?: string[];
  /** ENV/LABEL/ARG: key/value pairs (split heuristically: values with ` k=` in them are ambiguous). */
  pairs?: [string, string | undefined][];
  /** COPY/ADD: the sources as recorded (`file:<sha>` when the builder hid them) and the destination. */
  sources?: string[];
  destination?: string;
  /** COPY/ADD: true when the source is a content hash (`file:`, `dir:`, `multi:`), not a name. */
  hiddenSource?: boolean;
  healthcheck?: HealthcheckConfig;
  /** RUN: a multi-line script (BuildKit heredoc). */
  heredoc?: boolean;
  /** Leading `--flag` tokens the record kept (COPY --parents, RUN --mount in some tools). */
  flags?: string[];
}

const KEYWORDS = new Set([
  'RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'ARG', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'CMD', 'ENTRYPOINT',
  'SHELL', 'HEALTHCHECK', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER',
]);

// A POSIX shell invocation ending in its command flag: `/bin/sh -c`, `/bin/bash -o pipefail -c`, `sh -ec`,
// `/usr/bin/env bash -euxc`. The options are walked token by token (a single regex with optional,
// overlapping option forms backtracks exponentially on a hostile `sh -o -o -o …`).
const POSIX_SHELL_HEAD = /^(?:\/usr\/bin\/env\s+)?(?:busybox\s+)?(?:\/?[\w.+-]+\/)*(?:sh|bash|ash|dash|zsh|ksh|mksh)(?=\s)/;

/** Length of the POSIX shell prefix (through its `-…c` flag), or undefined. */
function posixShellPrefixLength(text: string): number | undefined {
  const head = POSIX_SHELL_HEAD.exec(text);
  if (!head) return undefined;
  const token = /\s+(\S+)/y;
  let pos = head[0].length;
  for (;;) {
    token.lastIndex = pos;
    const m = token.exec(text);
    if (!m) return undefined;
    const word = m[1]!;
    pos = token.lastIndex;
    if (/^-[a-zA-Z]*c$/.test(word)) return pos;
    if (/^-[a-zA-Z]*o$/.test(word) || word === '-O') {
      // `-o pipefail`: the option's argument.
      const arg = token.exec(text);
      if (!arg) return undefined;
      pos = token.lastIndex;
    } else if (!/^[-+][a-zA-Z]+$/.test(word)) {
      return undefined;
    }
  }
}
const WINDOWS_SHELL = /^((?:\S*\\)?cmd(?:\.exe)?\s+\/S\s+\/C|(?:\S*\\)?(?:powershell|pwsh)(?:\.exe)?(?:\s+-(?!Command\b)\w+(?:\s+(?!-)\S+)?)*\s+-Command)(?=\s|$)/i;

/**
 * The shell prefix of a command line, as argv, and the rest; undefined when it does not start with one.
 * `known` (the SHELL in force) is tried first, so any program can be a shell.
 */
export function splitShellPrefix(text: string, known?: string[]): { shell: string[]; rest: string } | undefined {
  if (known?.length) {
    const prefix = known.join(' ');
    if (text === prefix || text.startsWith(`${prefix} `)) return { shell: [...known], rest: text.slice(prefix.length + 1) };
  }
  const posix = posixShellPrefixLength(text);
  const prefix = posix !== undefined ? text.slice(0, posix) : WINDOWS_SHELL.exec(text)?.[1];
  if (prefix === undefined) return undefined;
  return { shell: prefix.split(/\s+/), rest: text.slice(prefix.length).replace(/^ /, '') };
}

/** `|2 A=1 B=2 rest` → the args and rest. Values are one token each: the record does not quote them. */
function splitBuildArgs(text: string): { buildArgs?: Record<string, string>; rest: string } {
  const m = /^\|(\d+)\s+/.exec(text);
  if (!m) return { rest: text };
  const count = Number(m[1]);
  let rest = text.slice(m[0].length);
  const buildArgs: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const kv = /^([^\s=]+)=(\S*)(?:\s+|$)/.exec(rest);
    if (!kv) break;
    buildArgs[kv[1]!] = kv[2]!;
    rest = rest.slice(kv[0].length);
  }
  return { buildArgs, rest };
}

/** `k=v k2=a b` → pairs; a token without `=` belongs to the value before it. Old `ENV K value` too. */
export function splitPairs(text: string, keyword: string): [string, string | undefined][] {
  const t = text.trim();
  if (t === '') return [];
  const first = /^\S+/.exec(t)![0];
  if (!first.includes('=')) {
    // Old one-pair form (`ENV PATH /usr/bin`), or ARG without a default (`ARG A B`).
    if (keyword === 'ARG') return t.split(/\s+/).map((tok) => splitOne(tok));
    const rest = t.slice(first.length).trim();
    return [[first, rest === '' ? undefined : rest]];
  }
  const pairs: [string, string | undefined][] = [];
  for (const tok of t.split(' ')) {
    const isKey = /^[^\s="']+=/.test(tok);
    if (isKey || pairs.length === 0) pairs.push(splitOne(tok));
    else {
      const last = pairs[pairs.length - 1]!;
      last[1] = `${last[1] ?? ''} ${tok}`;
    }
  }
  return pairs;
}

function splitOne(tok: string): [string, string | undefined] {
  const eq = tok.indexOf('=');
  return eq < 0 ? [tok, undefined] : [tok.slice(0, eq), tok.slice(eq + 1)];
}

/** Dockerfile JSON array text: `["a", "b"]`. */
export function jsonArray(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/** Go duration text for nanoseconds, as Dockerfile flags accept it: 90e9 → `1m30s`. */
export function formatDuration(ns: number): string {
  if (ns % 1e9 !== 0) return ns % 1e6 === 0 ? `${ns / 1e6}ms` : `${ns}ns`;
  let s = ns / 1e9;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/** HEALTHCHECK argument text for a config: flags, then NONE / CMD [..] / CMD shell. */
export function healthcheckArguments(hc: HealthcheckConfig): string {
  const test = hc.Test ?? [];
  if (test[0] === 'NONE') return 'NONE';
  const flags: string[] = [];
  if (hc.Interval) flags.push(`--interval=${formatDuration(hc.Interval)}`);
  if (hc.Timeout) flags.push(`--timeout=${formatDuration(hc.Timeout)}`);
  if (hc.StartPeriod) flags.push(`--start-period=${formatDuration(hc.StartPeriod)}`);
  if (hc.StartInterval) flags.push(`--start-interval=${formatDuration(hc.StartInterval)}`);
  if (hc.Retries) flags.push(`--retries=${hc.Retries}`);
  let cmd: string;
  if (test[0] === 'CMD-SHELL') cmd = `CMD ${test.slice(1).join(' ')}`;
  else if (test[0] === 'CMD') cmd = `CMD ${jsonArray(test.slice(1))}`;
  else cmd = `CMD ${jsonArray(test)}`;
  return [...flags, cmd].join(' ');
}

export interface ParseOptions {
  /**
   * The SHELL in force when the entry was written (from an earlier SHELL entry). A shell that is not
   * sh-like (`SHELL ["python3", "-c"]`) is only recognised as a RUN prefix when it is known.
   */
  shell?: string[];
}

export function parseCreatedBy(createdBy: string, options: ParseOptions = {}): ParsedInstruction {
  const raw = createdBy ?? '';
  try {
    return parse(raw, options.shell);
  } catch {
    return unknown(raw);
  }
}

function unknown(raw: string): ParsedInstruction {
  return { instruction: 'UNKNOWN', arguments: raw.trim(), builder: 'unknown', raw };
}

function parse(raw: string, knownShell: string[] | undefined): ParsedInstruction {
  let text = raw.trim();
  if (text === '') return unknown(raw);
  let buildkitSuffix = false;
  // exec + slice, not replace(/\s*#…/): a leading \s* retried at every space of a long blank run is quadratic.
  const suffix = /\s#\s*buildkit$/.exec(text);
  if (suffix) {
    buildkitSuffix = true;
    text = text.slice(0, suffix.index).trim();
  }

  // Legacy / buildah metadata: `<shell> #(nop) KEYWORD args`.
  const shellPrefix = splitShellPrefix(text, knownShell);
  if (shellPrefix && shellPrefix.rest.trimStart().startsWith('#(nop)')) {
    const rest = shellPrefix.rest.trimStart().slice('#(nop)'.length).trim();
    const kw = /^([A-Za-z]+)(?:\s+|$)([\s\S]*)$/.exec(rest);
    if (kw && KEYWORDS.has(kw[1]!.toUpperCase())) {
      const parsed = parseKeyword(kw[1]!.toUpperCase(), kw[2]!, 'legacy', raw, knownShell);
      if (parsed.instruction !== 'RUN') parsed.shell = shellPrefix.shell;
      return parsed;
    }
    return { ...unknown(raw), builder: 'legacy', shell: shellPrefix.shell };
  }

  // BuildKit / kaniko: the keyword first.
  const kw = /^([A-Z]+)(?:\s+|$)([\s\S]*)$/.exec(text);
  if (kw && KEYWORDS.has(kw[1]!)) {
    const parsed = parseKeyword(kw[1]!, kw[2]!, 'buildkit', raw, knownShell, buildkitSuffix);
    return parsed;
  }

  // Legacy / buildah RUN: `[|N K=V ...] <shell> command` or an exec-form command line.
  const { buildArgs, rest } = splitBuildArgs(text);
  const run = parseRunBody(rest, 'legacy', raw, buildArgs, buildkitSuffix, knownShell);
  if (run) return run;
  return unknown(raw);
}

function parseRunBody(
  text: string,
  builder: ParsedInstruction['builder'],
  raw: string,
  buildArgs: Record<string, string> | undefined,
  allowExec: boolean,
  knownShell?: string[],
): ParsedInstruction | undefined {
  const flags: string[] = [];
  let body = text;
  for (let m = /^(--[\w-]+(?:=\S*)?)\s+/.exec(body); m; m = /^(--[\w-]+(?:=\S*)?)\s+/.exec(body)) {
    flags.push(m[1]!);
    body = body.slice(m[0].length);
  }
  const base: ParsedInstruction = { instruction: 'RUN', arguments: '', builder, raw };
  if (buildArgs) base.buildArgs = buildArgs;
  if (flags.length) base.flags = flags;
  const sh = splitShellPrefix(body, knownShell);
  if (sh) {
    const command = sh.rest;
    return { ...base, arguments: command, shell: sh.shell, form: 'shell', ...(command.includes('\n') ? { heredoc: true } : {}) };
  }
  // No shell: an exec-form RUN. The record joined argv with spaces, so split it back at spaces. Legacy
  // lines with neither a shell nor build args are too ambiguous (podman commit, imports) unless told.
  if (!allowExec && !buildArgs) return undefined;
  if (body.trim() === '') return undefined;
  const argv = body.trim().split(/\s+/);
  return { ...base, arguments: jsonArray(argv), argv, form: 'exec' };
}

function parseKeyword(keyword: string, argText: string, builder: ParsedInstruction['builder'], raw: string, knownShell?: string[], layerSuffix = false): ParsedInstruction {
  const args = argText.trim();
  const base: ParsedInstruction = { instruction: keyword, arguments: args, builder, raw };
  switch (keyword) {
    case 'RUN': {
      const { buildArgs, rest } = splitBuildArgs(args);
      const m = /^\[[\s\S]*\]$/.test(rest.trim()) ? parseGoQuotedSlice(rest) : undefined;
      if (m) return { ...base, arguments: jsonArray(m), argv: m, form: 'exec', ...(buildArgs ? { buildArgs } : {}) };
      // BuildKit ends every RUN with ` # buildkit` and prints exec form as the bare argv; tools that print
      // the Dockerfile line as written (kaniko) leave shell form without its shell.
      return parseRunBody(rest, builder, raw, buildArgs, layerSuffix, knownShell) ?? { ...base, arguments: rest, form: 'shell' };
    }
    case 'CMD':
    case 'ENTRYPOINT': {
      const argv = parseGoQuotedSlice(args) ?? (args.startsWith('[') ? parseGoPlainSlice(args) : undefined);
      if (argv) return { ...base, arguments: jsonArray(argv), argv, form: 'exec' };
      return { ...base, form: 'shell' };
    }
    case 'SHELL':
    case 'VOLUME': {
      const argv = parseGoPlainSlice(args);
      if (argv) return { ...base, arguments: jsonArray(argv), argv };
      // `VOLUME /a /b` as written in a Dockerfile (kaniko).
      if (keyword === 'VOLUME' && args) {
        const list = args.split(/\s+/);
        return { ...base, arguments: jsonArray(list), argv: list };
      }
      return base;
    }
    case 'EXPOSE': {
      const ports = parseGoMapKeys(args) ?? args.split(/\s+/).filter(Boolean);
      return { ...base, arguments: ports.map((p) => p.replace(/\/tcp$/i, '')).join(' ') };
    }
    case 'HEALTHCHECK': {
      const hc = parseGoHealthcheck(args);
      if (hc) return { ...base, arguments: healthcheckArguments(hc), healthcheck: hc };
      return base;
    }
    case 'ENV':
    case 'LABEL':
    case 'ARG':
      return { ...base, pairs: splitPairs(args, keyword) };
    case 'COPY':
    case 'ADD': {
      // Legacy / buildah: `[--chown=u:g ]file:<sha> in /dst` (also dir:, multi:, or a URL).
      // The legacy builder glues --chown to the hash: `--chown=1000:1000file:<sha> in /dst`.
      const spaced = args.replace(/^(--chown=\S*?)((?:file|dir|multi):[0-9a-f]+\s)/, '$1 $2');
      const legacy = /^((?:--\S+\s+)*)(\S+)\s+in\s+(.+)$/s.exec(spaced);
      if (legacy && builder === 'legacy') {
        const flags = legacy[1]!.trim().split(/\s+/).filter(Boolean);
        const src = legacy[2]!;
        const dest = legacy[3]!.trim();
        const hidden = /^(?:file|dir|multi):[0-9a-f]+$/.test(src);
        return {
          ...base, arguments: [...flags, src, dest].join(' '), sources: [src], destination: dest, hiddenSource: hidden, ...(flags.length ? { flags } : {}),
        };
      }
      const tokens = args.split(/\s+/).filter(Boolean);
      const flags: string[] = [];
      while (tokens.length && tokens[0]!.startsWith('--')) flags.push(tokens.shift()!);
      if (tokens.length >= 2) {
        const dest = tokens.pop()!;
        const hidden = tokens.every((t) => /^(?:file|dir|multi):[0-9a-f]+$/.test(t));
        return {
          ...base,
          arguments: [...flags, ...tokens, dest].join(' '),
          sources: tokens,
          destination: dest,
          hiddenSource: hidden,
          ...(flags.length ? { flags } : {}),
        };
      }
      return base;
    }
    default:
      // WORKDIR, USER, STOPSIGNAL, ONBUILD, MAINTAINER: the text is the argument.
      return base;
  }
}
