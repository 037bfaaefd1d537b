/**
 * Small shared pieces the source checks (`checkSource`) use to read a parsed Dockerfile: the shell script
 * of a RUN (heredoc bodies included), where an instruction is, and the final stage.
 */
import { firstStageNamed, parseJsonStringArray, stageChain, stageInstructions, type DockerfileInstruction, type DockerfileStage, type ParsedDockerfile } from '../dockerfile/parse.js';
import { installRequest, type InstallRequest } from './package-commands.js';
import type { ReportedFinding } from './rule.js';
import { aptSubcommand, simpleCommands } from './rule-helpers.js';

/**
 * What a helper derives from a whole parsed Dockerfile, kept per parse: every rule asks for the same RUN lists,
 * scripts and install requests, and on a 10 MB Dockerfile recomputing them once per rule was most of the lint
 * time. A parse is never changed after it is made, so the cached value stays true. Per parse, not per
 * instruction: a WeakMap of 370,000 instructions cost the garbage collector more than it saved.
 */
function perParse<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/** The instruction's first source line, continuations joined, for `instruction` and messages. */
export function instructionLine(ins: DockerfileInstruction): string {
  // Only the first 157 characters are shown: a long line's prefix, collapsed, says the same when it is long
  // enough (no copy of a 10 MB line); when its whitespace collapsed to little, the whole line is needed.
  if (ins.arguments.length > 4096) {
    const prefix = `${ins.keyword} ${ins.arguments.slice(0, 4096)}`.replace(/\s+/g, ' ');
    if (prefix.length > 160) return ellipsis(prefix);
  }
  const text = `${ins.keyword} ${ins.arguments}`.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? ellipsis(text) : text;
}

/** The first 157 characters and '...', copied: a slice would keep the whole line alive as long as the finding. */
function ellipsis(text: string): string {
  return text.slice(0, 157).split('').join('') + '...';
}

/** Where a source finding points: the instruction's lines. */
export function at(ins: DockerfileInstruction): Pick<ReportedFinding, 'line' | 'endLine' | 'instruction'> {
  return { line: ins.startLine, endLine: ins.endLine, instruction: instructionLine(ins) };
}

/**
 * The shell script a RUN runs: shell form as written, exec form's `sh -c` script or its words, and the
 * bodies of heredocs (`RUN <<EOF ... EOF`, `RUN bash <<EOF`) which BuildKit feeds to the shell.
 */
export function runScript(ins: DockerfileInstruction): string {
  if (ins.keyword !== 'RUN') return '';
  const text = ins.argumentsWithoutFlags;
  if (ins.form === 'exec') {
    const argv = parseJsonStringArray(text) ?? [text];
    const c = argv.findIndex((a) => /^-[a-z]*c$/.test(a));
    return c > 0 && /(^|\/)(sh|bash|ash|dash|zsh)$/.test(argv[0]) ? argv.slice(c + 1).join(' ') : argv.join(' ');
  }
  if (ins.heredocs.length === 0) return text;
  const head = text.replace(/<<-?(["']?)[A-Za-z0-9_.-]+\1/g, '').replace(/\s+/g, ' ').trim();
  // `RUN <<EOF` runs the body as the script; `RUN cat <<EOF > file` writes a file: the body is data.
  const bodies = ins.heredocs.map((h) => h.body).join('\n');
  if (head === '' || /^(\S*\/)?(sh|bash|ash|dash|zsh)(\s+-\S+)*$/.test(head)) return bodies.replace(/^#!.*\n/, '');
  return head;
}

/** A simple command of a RUN script with what the source rules ask of it, worked out once per parse. */
export interface SourceCommand {
  /** The command as simpleCommands cuts it (trimmed, continuations joined). */
  readonly text: string;
  /** apt's subcommand (`install`, `update`...) when the command runs apt or apt-get. */
  readonly apt: string | undefined;
  /** What it installs (apt, apk, pip, npm...), when it is an install. */
  readonly install: SharedInstallRequest | undefined;
}

/** An install request shared between equal commands, so frozen: copy before changing. */
export interface SharedInstallRequest {
  readonly manager: InstallRequest['manager'];
  readonly packages: readonly string[];
  readonly options: readonly string[];
}

/** A RUN, its script and the script's simple commands. */
export interface SourceRun {
  readonly ins: DockerfileInstruction;
  readonly script: string;
  readonly commands: readonly SourceCommand[];
}

function sourceCommand(text: string): SourceCommand {
  const request = installRequest(text);
  // Copied to arrays of their own length: an array grown by push keeps room for 17 elements.
  const install = request && Object.freeze({ manager: request.manager, packages: Object.freeze(request.packages.slice()), options: Object.freeze(request.options.slice()) });
  return Object.freeze({ text, apt: aptSubcommand(text), install });
}

/**
 * Every RUN with its script and simple commands, in file order. Each source rule used to split every script
 * into commands and words itself (~50 rules × 374,000 RUNs on a generated 10 MB file); here it is done once.
 * Equal scripts share one command list and equal commands one SourceCommand (frozen, since they are shared):
 * generated and repeated Dockerfiles say `apt-get update` thousands of times, and each copy kept its own
 * request, packages and options (166 MB on 374,000 identical install lines).
 */
export const sourceRuns: (df: ParsedDockerfile) => readonly SourceRun[] = perParse((df) => {
  const byScript = new Map<string, readonly SourceCommand[]>();
  const byText = new Map<string, SourceCommand>();
  const commandOf = (text: string) => {
    let command = byText.get(text);
    if (!command) {
      command = sourceCommand(text);
      byText.set(text, command);
    }
    return command;
  };
  const runs: SourceRun[] = [];
  for (const ins of df.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const script = runScript(ins);
    let commands = byScript.get(script);
    if (!commands) {
      commands = Object.freeze(simpleCommands(script).map(commandOf));
      byScript.set(script, commands);
    }
    runs.push({ ins, script, commands });
  }
  return runs;
});

/** True when the command runs apt or apt-get with one of the subcommands. */
export function isAptCommand(command: SourceCommand, ...subcommands: string[]): boolean {
  return command.apt !== undefined && subcommands.includes(command.apt);
}

/**
 * Every package install (apt, apk, pip, npm, ...) in every RUN, with the RUN it is in, in file order. Read
 * from sourceRuns as it is walked: a list of them would be one more object per install kept as long as the parse.
 */
export function* sourceInstalls(df: ParsedDockerfile): Generator<{ ins: DockerfileInstruction; request: SharedInstallRequest }> {
  for (const { ins, commands } of sourceRuns(df)) {
    for (const command of commands) if (command.install) yield { ins, request: command.install };
  }
}

/** The stage the image is built from by default: the last one. */
export function finalStage(df: ParsedDockerfile): DockerfileStage | undefined {
  return df.stages[df.stages.length - 1];
}

export function instructionsOfStage(df: ParsedDockerfile, stage: DockerfileStage | undefined): DockerfileInstruction[] {
  return stage ? stageInstructions(df, stage.index) : [];
}

/** True when a FROM names an earlier stage (`FROM build`), not an image. */
export function isStageReference(df: ParsedDockerfile, stage: DockerfileStage): boolean {
  const named = firstStageNamed(df, stage.baseImage.toLowerCase());
  return named !== undefined && named.index < stage.index;
}

/** `KEY=value` pairs (and the old `KEY value` form) of ENV, LABEL and ARG arguments; quotes removed. */
export function keyValuePairs(args: string): [string, string | undefined][] {
  const words = args.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g) ?? [];
  const first = words[0];
  if (first !== undefined && !first.includes('=') && words.length > 1) {
    return [[first, unquote(args.slice(args.indexOf(first) + first.length).trim())]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? [w, undefined] : [w.slice(0, eq), unquote(w.slice(eq + 1))];
  });
}

function unquote(value: string): string {
  return value.replace(/"((?:\\.|[^"\\])*)"|'([^']*)'/g, (_, d: string | undefined, s: string | undefined) => (d !== undefined ? d.replace(/\\(.)/g, '$1') : s ?? ''));
}

/**
 * The RUNs whose layers ship: those of the final stage and of the stages it is built FROM. What a build
 * stage leaves behind (caches, lists) never reaches the image, so bloat rules leave those stages alone.
 */
export const shippedRuns: (df: ParsedDockerfile) => readonly SourceRun[] = perParse((df) => {
  const shipped = new Set(stageChain(df).map((s) => s.index));
  return allOrSome(sourceRuns(df), (r) => shipped.has(r.ins.stageIndex));
});

/** The instructions of the final stage and the stages it is built FROM, in file order. */
export const shippedInstructions: (df: ParsedDockerfile) => readonly DockerfileInstruction[] = perParse((df) => {
  const shipped = new Set(stageChain(df).map((s) => s.index));
  return allOrSome(df.instructions, (i) => shipped.has(i.stageIndex));
});

/** The items that pass, or the list itself when all do (one stage: no second list as long as the first). */
function allOrSome<T>(items: readonly T[], keep: (item: T) => boolean): readonly T[] {
  return items.every(keep) ? items : items.filter(keep);
}

/** True when the RUN mounts a BuildKit cache over `dir` (or a parent): what it writes there never ships. */
export function cacheMounted(ins: DockerfileInstruction, dir: string): boolean {
  const inside = dir.replace(/\/+$/, '') + '/';
  return ins.flags.some((f) => {
    if (f.name !== 'mount' || !/(^|,)type=cache(,|$)/.test(f.value ?? '')) return false;
    const target = /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1];
    return target !== undefined && inside.startsWith(target.replace(/\/+$/, '') + '/');
  });
}

/** Each word of each EXPOSE (`80`, `53/udp`, `8080:80`) with its instruction: what the EXPOSE rules judge one by one. */
export function* exposedWords(df: ParsedDockerfile): Generator<{ ins: DockerfileInstruction; word: string }> {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'EXPOSE') continue;
    for (const word of ins.argumentsWithoutFlags.split(/\s+/)) if (word) yield { ins, word };
  }
}
