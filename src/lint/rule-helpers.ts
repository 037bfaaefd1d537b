/** Small shared pieces rules use to look at layers and name what they found. */
import type { FileTree, FsNode } from '../image/filesystem.js';
import type { LayerEntry } from '../image/model.js';
import type { ImageCheckContext, RuleInstruction } from './rule.js';
import { shellWords } from './shell-words.js';

/** The instruction that made a layer, when the reconstruction knows it. */
export function instructionOfLayer(ctx: ImageCheckContext, layerIndex: number | undefined): RuleInstruction | undefined {
  if (layerIndex === undefined) return undefined;
  return ctx.instructions.find((i) => i.layerIndex === layerIndex);
}

/** The Dockerfile line that made a layer, else its raw created_by. */
export function instructionText(ctx: ImageCheckContext, layerIndex: number | undefined): string | undefined {
  if (layerIndex === undefined) return undefined;
  return instructionOfLayer(ctx, layerIndex)?.text ?? ctx.image.layers[layerIndex]?.createdBy ?? undefined;
}

/**
 * True for layers of the base image: the owner of this image cannot change them, so bloat and layering
 * rules leave them alone (security rules still look: their files ship all the same).
 */
export function isInheritedLayer(ctx: ImageCheckContext, layerIndex: number): boolean {
  return instructionOfLayer(ctx, layerIndex)?.inherited ?? false;
}

/** The instructions the image's own Dockerfile wrote, in build order. */
export function ownInstructions(ctx: ImageCheckContext): RuleInstruction[] {
  return ctx.instructions.filter((i) => !i.inherited);
}

export interface FinalFile {
  path: string;
  entry: LayerEntry;
  layerIndex: number;
}

// Several rules read the whole final filesystem: walk a tree once, not once per rule. Only the nodes are kept
// (a slot each): a FinalFile and a path string per entry, held for the whole lint, were 140 MB at 1,000,000
// files. A node's path is its entry's own path (the tree is built from those), so no string is made. The files
// are read from the same list (most entries are files): a second list of them was 10 MB at a million.
const finalNodesOfTree = new WeakMap<FileTree, FsNode[]>();

function finalListing(ctx: ImageCheckContext): FsNode[] {
  let listing = finalNodesOfTree.get(ctx.tree);
  if (!listing) {
    listing = [];
    for (const node of ctx.tree.nodes()) if (node.entry) listing.push(node);
    finalNodesOfTree.set(ctx.tree, listing);
  }
  return listing;
}

function* asFinalFiles(nodes: FsNode[], filesOnly: boolean): Generator<FinalFile> {
  for (const node of nodes) {
    const entry = node.entry!;
    if (!filesOnly || entry.type === 'file') yield { path: entry.path, entry, layerIndex: node.layerIndex };
  }
}

/** Every entry of the final (squashed) filesystem that a layer wrote, with its path, in tree order. */
export function finalEntries(ctx: ImageCheckContext): Iterable<FinalFile> {
  return asFinalFiles(finalListing(ctx), false);
}

/** Every regular file of the final filesystem, in tree order. */
export function finalFiles(ctx: ImageCheckContext): Iterable<FinalFile> {
  return asFinalFiles(finalListing(ctx), true);
}

/** Regular files below `dir` in the final filesystem (the directory itself excluded). */
export function* filesUnder(ctx: ImageCheckContext, dir: string): Generator<FinalFile> {
  const node: FsNode | undefined = ctx.tree.get(dir);
  if (!node?.children) return;
  for (const [path, child] of ctx.tree.walk(node)) {
    if (child.entry?.type === 'file') yield { path, entry: child.entry, layerIndex: child.layerIndex };
  }
}

/** The items `keep` accepts, as an array: for the final listings, without an array of every file first. */
export function select<T>(items: Iterable<T>, keep: (item: T) => boolean): T[] {
  const out: T[] = [];
  for (const item of items) if (keep(item)) out.push(item);
  return out;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function sumBytes(items: Iterable<{ entry?: LayerEntry; bytes?: number }>): number {
  let total = 0;
  for (const item of items) total += item.bytes ?? item.entry?.size ?? 0;
  return total;
}

/** Paths as people write them in a Dockerfile: with the leading slash. */
export function absolute(path: string): string {
  return '/' + path;
}

/** A short evidence list for messages: the first few paths, then how many more. */
export function listPaths(paths: string[], max = 3): string {
  const shown = paths.slice(0, max).map(absolute).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

/** The shell command a RUN instruction ran; '' for other instructions. */
export function runCommand(instruction: RuleInstruction): string {
  return instruction.instruction === 'RUN' ? instruction.arguments : '';
}

/** A character simpleCommands stops at: a separator, a quote or an escape. */
const SEPARATOR_OR_QUOTE = /[;\n&|"'\\]/;

/**
 * Splits a shell command into its simple commands at `&&`, `||`, `;`, `|` and newlines (quotes respected loosely).
 * Each command is sliced out of the script rather than grown a character at a time: on a 21 MB line
 * the per-character rope took gigabytes.
 */
export function simpleCommands(command: string): string[] {
  // Most scripts of a generated file are one command: nothing to cut, no lists, closure or RegExp to make.
  if (!SEPARATOR_OR_QUOTE.test(command)) {
    const text = command.trim();
    return text ? [text] : [];
  }
  const parts: string[] = [];
  let pieces: string[] = [];
  let start = 0;
  const flush = (end: number) => {
    pieces.push(command.slice(start, end));
    const text = (pieces.length === 1 ? pieces[0] : pieces.join('')).trim();
    if (text) parts.push(text);
    pieces = [];
  };
  // Jump from one character that matters to the next (a regex scan) instead of visiting every character:
  // each source rule splits every script, and a 10 MB script took ~100 ms a rule character by character.
  const special = /[;\n&|"'\\]/g;
  for (let i = 0; i < command.length; ) {
    special.lastIndex = i;
    const match = special.exec(command);
    if (!match) break;
    i = match.index;
    const c = command[i];
    if (c === '"' || c === "'") {
      // Inside quotes nothing separates; an unclosed quote runs to the end.
      const close = command.indexOf(c, i + 1);
      if (close < 0) break;
      i = close + 1;
      continue;
    }
    if (c === '\\') {
      if (command[i + 1] === '\n') {
        pieces.push(command.slice(start, i), ' ');
        start = i + 2;
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    flush(i);
    if ((c === '&' || c === '|') && command[i + 1] === c) i++;
    start = i + 1;
    i++;
  }
  flush(command.length);
  return parts;
}

/** Words of a simple command, quotes stripped (no expansion; see shell-words.ts). */
export function words(simpleCommand: string): string[] {
  // Rules and helpers split the same command several times in a row (isApt, then the package list): the
  // last split is kept, and a copy handed out so a caller may change its array.
  if (simpleCommand !== lastWords.command) {
    lastWords.command = simpleCommand;
    lastWords.words = shellWords(simpleCommand);
  }
  return lastWords.words.slice();
}

const lastWords: { command?: string; words: string[] } = { words: [] };

const APT = /^(?:sudo\s+)?(?:[A-Z_]+=\S+\s+)*(apt-get|apt)\b/;

/** The apt subcommand of a simple command (`install`, `update`, `upgrade`...), when it is apt or apt-get. */
export function aptSubcommand(simpleCommand: string): string | undefined {
  if (!runsApt(simpleCommand)) return undefined;
  return aptSubcommandOfWords(words(simpleCommand));
}

/** True when the command runs apt or apt-get (after `sudo` and env assignments): aptSubcommand's first test. */
export function runsApt(simpleCommand: string): boolean {
  return APT.test(simpleCommand);
}

/** aptSubcommand read from the command's words, for a caller that split them already (runsApt said yes). */
export function aptSubcommandOfWords(allWords: readonly string[]): string | undefined {
  // The first word after apt (or from the start, without it) that is neither an option nor an assignment
  // (`VAR=x`), read in place: as a filter, a slice and a find it made two lists per RUN.
  for (let i = allWords.findIndex((w) => w === 'apt-get' || w === 'apt') + 1; i < allWords.length; i++) {
    const w = allWords[i];
    if (!w.startsWith('-') && !w.includes('=')) return w;
  }
  return undefined;
}

export interface LayerFileGroup {
  layerIndex: number;
  instruction?: string;
  files: FinalFile[];
  paths: string[];
  bytes: number;
}

/**
 * Final files grouped by the layer that wrote them, base-image layers left out (their owner is someone
 * else), groups of fewer than `minBytes` bytes dropped.
 */
export function ownFilesByLayer(ctx: ImageCheckContext, files: Iterable<FinalFile>, minBytes = 1): LayerFileGroup[] {
  const groups = groupBy([...files].filter((f) => !isInheritedLayer(ctx, f.layerIndex)), (f) => f.layerIndex);
  const out: LayerFileGroup[] = [];
  for (const [layerIndex, list] of groups) {
    const bytes = list.reduce((sum, f) => sum + f.entry.size, 0);
    if (bytes < minBytes) continue;
    out.push({ layerIndex, instruction: instructionText(ctx, layerIndex), files: list, paths: list.map((f) => f.path).sort(), bytes });
  }
  return out.sort((a, b) => a.layerIndex - b.layerIndex);
}

/** The image's own RUN instructions that made (or were meant to make) a layer, with their shell command. */
export function ownRuns(ctx: ImageCheckContext): RuleInstruction[] {
  return ownInstructions(ctx).filter((i) => i.instruction === 'RUN');
}

/** True when a simple command runs `apt-get`/`apt` with one of the subcommands. */
export function isApt(simpleCommand: string, ...subcommands: string[]): boolean {
  const sub = aptSubcommand(simpleCommand);
  return sub !== undefined && subcommands.includes(sub);
}

export interface LayerFile {
  path: string;
  entry: LayerEntry;
  layerIndex: number;
  /** False when a later layer deleted or replaced this version: it ships all the same. */
  inFinal: boolean;
}

/**
 * Every version of every regular file any layer wrote, including versions later layers hid; with `wanted`,
 * only those it accepts. `wanted` runs before the final filesystem is asked about the path, the costly part
 * at 100k files, so a rule that looks for a few names should pass its name test here.
 */
export function* everyLayerFile(ctx: ImageCheckContext, wanted?: (entry: LayerEntry) => boolean): Generator<LayerFile> {
  for (const layer of ctx.image.layers) {
    for (const entry of layer.entries) {
      if (entry.type !== 'file' || (wanted && !wanted(entry))) continue;
      const node = ctx.tree.get(entry.path);
      yield { path: entry.path, entry, layerIndex: layer.index, inFinal: node?.entry === entry };
    }
  }
}

/** The regular files one layer wrote (every version it wrote, kept or later hidden). */
export function layerFiles(ctx: ImageCheckContext, layerIndex: number): LayerEntry[] {
  return ctx.image.layers[layerIndex]?.entries.filter((e) => e.type === 'file') ?? [];
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** Octal mode as ls shows the permission bits: 4755. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * False for a `docker export` snapshot: it has no image config at all, so config rules (USER, HEALTHCHECK,
 * ENTRYPOINT) have no evidence either way and stay silent.
 */
export function hasImageConfig(ctx: ImageCheckContext): boolean {
  return ctx.image.format !== 'docker-export';
}

/**
 * Below this a bloat finding is info, not a warning: a few hundred kB do not change how an image pulls, and
 * a warning is what `--fail-on warning` fails a build for.
 */
export const WARNING_MIN_BYTES = 1_000_000;

/** The severity of a bloat finding by its size: the rule's own for a size that matters, else info. */
export function severityBySize(bytes: number): 'info' | undefined {
  return bytes < WARNING_MIN_BYTES ? 'info' : undefined;
}
