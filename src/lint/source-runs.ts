/**
 * The RUNs of a parsed Dockerfile with their scripts and simple commands, worked out once per parse for the
 * source rules: each of them used to split every script into commands and words itself, and on a generated
 * 10 MB Dockerfile (374,000 RUNs) that, and the garbage it made, was most of the time lint took.
 */
import { stageChain, type DockerfileInstruction, type ParsedDockerfile } from '../dockerfile/parse.js';
import { installRequestOfWords, mayInstall, type InstallRequest, type PackageManager } from './package-commands.js';
import { SharedResults } from '../shared-results.js';
import { perParse } from './per-parse.js';
import { aptSubcommandOfWords, runsApt, simpleCommands } from './rule-helpers.js';
import { shellWords } from './shell-words.js';
import { allOrSome, runScript } from './source-helpers.js';

/** A simple command of a RUN script with what the source rules ask of it. */
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

/**
 * Every RUN, in file order, as three lists side by side (the n-th RUN, its script, its commands): an object
 * per RUN kept as long as the parse was 18 MB on 374,000 RUNs. Iterating gives one SourceRun at a time.
 */
export interface SourceRuns extends Iterable<SourceRun> {
  readonly instructions: readonly DockerfileInstruction[];
  readonly scripts: readonly string[];
  /** The simple commands of the n-th RUN. */
  commandsOf(n: number): readonly SourceCommand[];
}

/**
 * A RUN's commands as kept: the list, or for a script of one command no other script shares, the command
 * alone (a list of one was 56 bytes more per RUN; it is made when asked for, and dropped at once).
 */
type KeptCommands = readonly SourceCommand[] | SourceCommand;

const listed = (kept: KeptCommands): readonly SourceCommand[] => (Array.isArray(kept) ? kept : [kept as SourceCommand]);

function sideBySide(instructions: readonly DockerfileInstruction[], scripts: readonly string[], commands: readonly KeptCommands[]): SourceRuns & { kept: readonly KeptCommands[] } {
  return {
    instructions,
    scripts,
    kept: commands,
    commandsOf: (n) => listed(commands[n]),
    [Symbol.iterator]: () => new SideBySideIterator(instructions, scripts, commands),
  };
}

/**
 * The iterator of sideBySide, written out rather than a generator: a dozen rules walk every RUN, and a
 * generator's resumption per RUN was a visible part of lint's time on 327,680 RUNs.
 */
class SideBySideIterator implements Iterator<SourceRun> {
  private next_ = 0;

  constructor(
    private readonly instructions: readonly DockerfileInstruction[],
    private readonly scripts: readonly string[],
    private readonly commands: readonly KeptCommands[],
  ) {}

  next(): IteratorResult<SourceRun> {
    const i = this.next_;
    if (i >= this.instructions.length) return { done: true, value: undefined };
    this.next_ = i + 1;
    return { done: false, value: { ins: this.instructions[i], script: this.scripts[i], commands: listed(this.commands[i]) } };
  }
}

/**
 * Every RUN with its script and simple commands. Equal scripts share one command list and equal commands one
 * SourceCommand (frozen, since they are shared): generated and repeated Dockerfiles say `apt-get update`
 * thousands of times, and each copy kept its own request, packages and options (166 MB on 374,000 identical
 * install lines). Equal option lists (`-y`) are shared too, whatever the packages.
 */
const keptRuns: (df: ParsedDockerfile) => ReturnType<typeof sideBySide> = perParse((df) => {
  // Keyed by their JSON, and made from it: an array of its own length (one grown by push keeps room for 17).
  const options = new SharedResults((json) => Object.freeze(JSON.parse(json) as string[]));
  // Most installs give no option or one (`-y`): those are keyed without a JSON text per install.
  const loneOptions = new SharedResults((option) => Object.freeze([option]));
  const sharedOptions = (list: string[]) => (list.length === 0 ? NO_OPTIONS : list.length === 1 ? loneOptions.get(list[0]) : options.get(JSON.stringify(list)));
  const factsOf = commandFactsCache(sharedOptions);
  const commands = new SharedResults((text): SourceCommand => {
    const { apt, request } = readCommand(text);
    // packages copied to an array of its own length, as the options are.
    const install = request && Object.freeze({ manager: request.manager, packages: Object.freeze(request.packages.slice()), options: sharedOptions(request.options) });
    return Object.freeze({ text, apt, install });
  }, (text) => new UnsharedCommand(text, factsOf));
  const scriptCommands = new SharedResults<KeptCommands>((script) => Object.freeze(simpleCommands(script).map((text) => commands.get(text))), (script) => {
    const texts = simpleCommands(script);
    return texts.length === 1 ? commands.get(texts[0]) : Object.freeze(texts.map((text) => commands.get(text)));
  });
  // map, not push: a list grown by push leaves its outgrown copies behind, megabytes each on 374,000 RUNs.
  const instructions = runsOf(df.instructions);
  const scripts = instructions.map(runScript);
  return sideBySide(instructions, scripts, scripts.map((script) => scriptCommands.get(script)));
});

/** The RUN instructions, in a list made at its length (filter grows one, leaving each outgrown copy behind). */
function runsOf(all: readonly DockerfileInstruction[]): DockerfileInstruction[] {
  let count = 0;
  for (const ins of all) if (ins.keyword === 'RUN') count++;
  const runs: DockerfileInstruction[] = new Array(count);
  let n = 0;
  for (const ins of all) if (ins.keyword === 'RUN') runs[n++] = ins;
  return runs;
}

/** Every RUN with its script and simple commands (keptRuns, as the rules see it). */
export const sourceRuns: (df: ParsedDockerfile) => SourceRuns = keptRuns;

/**
 * The RUNs whose layers ship: those of the final stage and of the stages it is built FROM. What a build
 * stage leaves behind (caches, lists) never reaches the image, so bloat rules leave those stages alone.
 */
export const shippedRuns: (df: ParsedDockerfile) => SourceRuns = perParse((df) => {
  const shipped = new Set(stageChain(df).map((s) => s.index));
  const all = keptRuns(df);
  const instructions = allOrSome(all.instructions, (ins) => shipped.has(ins.stageIndex));
  if (instructions === all.instructions) return all;
  const kept = all.instructions.flatMap((ins, i) => (shipped.has(ins.stageIndex) ? [i] : []));
  return sideBySide(instructions, kept.map((i) => all.scripts[i]), kept.map((i) => all.kept[i]));
});

/**
 * A command no other one shares (the file's commands stopped repeating), kept small: its apt subcommand,
 * manager and options are one CommandFacts shared by every command that says the same (`apt-get install
 * -y`), it is its own install request (`install` answers with the command itself), and a lone package that
 * ends the text is kept as where it starts (every word is a slice of the text; a short slice is a 32-byte copy
 * of its own), handed out in a list of its own when asked. Kept as a frozen command, request, list and word,
 * it was ~290 bytes per RUN on 327,680 all-different install lines; now 48.
 */
class UnsharedCommand implements SourceCommand, SharedInstallRequest {
  private readonly facts: CommandFacts;
  /** The packages: a list, the lone package, or where the lone package starts when it runs to the end of the text. */
  private readonly packageList: number | string | readonly string[] | undefined;

  constructor(readonly text: string, factsOf: (apt: string | undefined, manager: PackageManager | undefined, options: string[]) => CommandFacts) {
    const { apt, request } = readCommand(text);
    this.facts = factsOf(apt, request?.manager, request?.options ?? []);
    if (request) {
      const lone = request.packages.length === 1 ? request.packages[0] : undefined;
      if (lone === undefined) this.packageList = Object.freeze(request.packages.slice());
      else this.packageList = text.endsWith(lone) ? text.length - lone.length : lone;
    }
    Object.freeze(this);
  }

  get apt(): string | undefined {
    return this.facts.apt;
  }

  get manager(): PackageManager {
    return this.facts.manager!;
  }

  get options(): readonly string[] {
    return this.facts.options;
  }

  get install(): SharedInstallRequest | undefined {
    return this.packageList === undefined ? undefined : this;
  }

  get packages(): readonly string[] {
    const list = this.packageList;
    if (typeof list === 'number') return [this.text.slice(list)];
    return typeof list === 'string' ? [list] : list ?? [];
  }
}

/** What a command says besides its text and packages. */
interface CommandFacts {
  readonly apt: string | undefined;
  readonly manager: PackageManager | undefined;
  readonly options: readonly string[];
}

/**
 * One CommandFacts per distinct apt subcommand, manager and option (none or one): a file has few of them.
 * Others (several options, past the first 1,000 kinds) get one of their own. Found through a map per part,
 * the previous command's kind tried first: a key string joined per command was the costliest line of
 * sourceRuns on 338,000 all-different RUNs.
 */
function commandFactsCache(sharedOptions: (list: string[]) => readonly string[]) {
  const known = new Map<PackageManager | undefined, Map<string | undefined, Map<string | undefined, CommandFacts>>>();
  let kinds = 0;
  let last: CommandFacts | undefined;
  return (apt: string | undefined, manager: PackageManager | undefined, options: string[]): CommandFacts => {
    if (options.length > 1) return Object.freeze({ apt, manager, options: sharedOptions(options) });
    const option = options[0];
    if (last && last.manager === manager && last.apt === apt && last.options[0] === option && last.options.length === options.length) return last;
    let byApt = known.get(manager);
    if (!byApt) known.set(manager, (byApt = new Map()));
    let byOption = byApt.get(apt);
    if (!byOption) byApt.set(apt, (byOption = new Map()));
    let facts = byOption.get(option);
    if (!facts) {
      facts = Object.freeze({ apt, manager, options: sharedOptions(options) });
      if (kinds < 1_000) { byOption.set(option, facts); kinds++; }
    }
    last = facts;
    return facts;
  };
}

const NO_OPTIONS: readonly string[] = Object.freeze([]);

/** The usual subcommands as one string each: a word is a string of its own, 24 bytes per RUN kept. */
const APT_SUBCOMMANDS = new Map(['install', 'update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'clean', 'autoclean', 'build-dep', 'source'].map((s) => [s, s]));

function aptSubcommandOf(ws: readonly string[]): string | undefined {
  const sub = aptSubcommandOfWords(ws);
  return sub === undefined ? undefined : (APT_SUBCOMMANDS.get(sub) ?? sub);
}

/** A command's apt subcommand and install request, from one split into words, made only when either needs it. */
function readCommand(text: string): { apt: string | undefined; request: InstallRequest | undefined } {
  const apt = runsApt(text);
  const installs = mayInstall(text);
  const ws = apt || installs ? shellWords(text) : [];
  return { apt: apt ? aptSubcommandOf(ws) : undefined, request: installs ? installRequestOfWords(text, ws) : undefined };
}

/** True when the command runs apt or apt-get with one of the subcommands. */
export function isAptCommand(command: SourceCommand, ...subcommands: string[]): boolean {
  return command.apt !== undefined && subcommands.includes(command.apt);
}

/**
 * Every package install (apt, apk, pip, npm, ...) in every RUN, with the RUN it is in, in file order. Read
 * from sourceRuns as it is walked: a list of them would be one more object per install kept as long as the
 * parse. An iterator written out, not a generator: two rules walk every install, and a generator's
 * resumption per install showed in lint's time on 338,000 RUNs.
 */
export function sourceInstalls(df: ParsedDockerfile): Iterable<{ ins: DockerfileInstruction; request: SharedInstallRequest }> {
  const runs = sourceRuns(df);
  return { [Symbol.iterator]: () => new InstallIterator(runs) };
}

class InstallIterator implements Iterator<{ ins: DockerfileInstruction; request: SharedInstallRequest }> {
  private run = 0;
  private commands: readonly SourceCommand[] = [];
  private command = 0;

  constructor(private readonly runs: SourceRuns) {}

  next(): IteratorResult<{ ins: DockerfileInstruction; request: SharedInstallRequest }> {
    const { instructions } = this.runs;
    for (;;) {
      while (this.command < this.commands.length) {
        const request = this.commands[this.command++].install;
        if (request) return { done: false, value: { ins: instructions[this.run - 1], request } };
      }
      if (this.run >= instructions.length) return { done: true, value: undefined };
      this.commands = this.runs.commandsOf(this.run++);
      this.command = 0;
    }
  }
}
