/**
 * The Dockerfile an image was built from, recovered from its history, its layers and its config.
 *
 * Each history entry becomes one instruction (parse-created-by.ts reads the builder's text); the entries
 * of the base image are kept but marked `inherited` (rendered as comments under a FROM best guess);
 * COPY sources the history hides are named from the layer's files; what the config has and no entry
 * set (BuildKit's ONBUILD, a stripped history) is added from the config; an image without any history
 * gets what its config alone gives. Pure: the image model in, a plain object out.
 */
import type { HistoryEntry, Image, Layer } from '../../image/model.js';
import type { RuleInstruction } from './instruction.js';
import { guessFromFiles, splitBase, type FromGuess } from './base-from.js';
import { envMap, instructionsFromConfig, missingFromHistory, type ConfigInstruction } from './config-instructions.js';
import { imagePath, nameCopySources } from './copy-sources.js';
import { likelyCacheMounts } from './run-mounts.js';
import { historyParses } from './history-parses.js';
import { jsonArray, parseCreatedBy, splitPairs, type ParsedInstruction } from './parse-created-by.js';
import { formatHeredoc, formatPairs, formatRunCommand, splitPairsKnown } from './syntax.js';

export interface ReconstructedInstruction extends RuleInstruction {
  /** history: a history entry wrote it; config: the config has it and no entry set it; layer: a layer with no history. */
  origin: 'history' | 'config' | 'layer';
  /** The history entry's created_by, verbatim. */
  createdBy?: string;
  /** Dockerfile text as printed: RUN broken at `&&`/`;`, heredocs kept. */
  formatted: string;
  /** Comment lines printed above it: what was recovered, guessed or could not be read. */
  notes: string[];
}

export interface Reconstruction {
  from: FromGuess;
  base: { layers: number; bytes: number; lastHistoryIndex: number; reason: string };
  /** Every instruction, base included, in build order (history order, then config additions). */
  instructions: ReconstructedInstruction[];
  /** Build-arg values the RUN steps saw (`|N K=V`), last value wins. */
  buildArgs: Record<string, string>;
  /** Said at the top of the Dockerfile: no history, unreadable entries, ... */
  notes: string[];
  /** True when a RUN was a multi-line script: the Dockerfile needs the heredoc syntax. */
  usesHeredoc: boolean;
  /** False when the layers were not read (`--quick`): no size is known. */
  sizesKnown?: boolean;
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const WINDOWS_SHELL = ['cmd', '/S', '/C'];

/** What the walk through the history keeps in mind: the shell and workdir in force. */
interface BuildState {
  shell: string[];
  workdir: string;
}

function sameArray(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}

function runText(p: ParsedInstruction, state: BuildState, image: Image, layer: Layer | undefined): { args: string; formatted: string; heredoc: boolean; notes: string[] } {
  if (p.form === 'exec' && p.argv) {
    return { args: p.arguments, formatted: `RUN ${jsonArray(p.argv)}`, heredoc: false, notes: ['exec form: the history joined the arguments with spaces, so arguments with spaces in them are split'] };
  }
  const allFlags = [...(p.flags ?? [])];
  const notes: string[] = [];
  if (layer && / # buildkit\s*$/.test(p.raw)) {
    for (const target of likelyCacheMounts(image, layer, p.arguments)) {
      allFlags.push(`--mount=type=cache,target=${target}`);
      notes.push(`--mount=type=cache,target=${target}: a guess (history does not record --mount): the command writes into ${target}, which the layer has only as a new, empty directory`);
    }
  }
  const flags = allFlags.length ? `${allFlags.join(' ')} ` : '';
  // A shell other than the one in force: the source wrote it out, as exec form.
  if (p.shell && !sameArray(p.shell, state.shell)) {
    const argv = [...p.shell, p.arguments];
    return { args: p.arguments, formatted: `RUN ${flags}${jsonArray(argv)}`, heredoc: false, notes };
  }
  if (p.arguments.includes('\n')) return { args: p.arguments, formatted: formatHeredoc(p.arguments, `RUN ${flags}`), heredoc: true, notes };
  return { args: p.arguments, formatted: formatRunCommand(p.arguments, `RUN ${flags}`), heredoc: false, notes };
}

interface Converted {
  instruction: string;
  arguments: string;
  formatted: string;
  notes: string[];
  heredoc?: boolean;
}

function unknownEntry(h: HistoryEntry, layer: Layer | undefined): Converted {
  if (h.createdBy.trim() === '' && layer) {
    const name = layer.index === 0 ? 'rootfs.tar' : `layer-${layer.index}.tar`;
    const why = h.comment ? ` (comment: "${h.comment}")` : '';
    return {
      instruction: 'ADD', arguments: `${name} /`, formatted: `ADD ${name} /`,
      notes: [`history entry ${h.index} has no created_by${why}: a root filesystem imported as a tar (docker import); ${name} is a stand-in name for layer ${layer.index}'s contents`],
    };
  }
  const text = h.createdBy.trim() === '' ? `(empty history entry${h.comment ? `, comment "${h.comment}"` : ''})` : h.createdBy;
  return { instruction: 'UNKNOWN', arguments: h.createdBy.trim(), formatted: '', notes: [`history entry ${h.index} is not a Dockerfile instruction tsimage knows; kept verbatim:`, ...text.split('\n')] };
}

/** buildah squashes a build into one layer, committed with its last step: the layer a layer-less step's files went to. */
function squashedLayer(h: HistoryEntry, image: Image): Layer | undefined {
  let next = nextLayerIndex.get(image);
  if (!next) {
    // For each entry, the layer of the first entry after it that made one: computed once per image.
    next = new Array<number | undefined>(image.history.length);
    let following: number | undefined;
    for (let i = image.history.length - 1; i >= 0; i--) {
      next[i] = following;
      if (image.history[i]!.layerIndex !== undefined) following = image.history[i]!.layerIndex;
    }
    nextLayerIndex.set(image, next);
  }
  const index = next[h.index];
  return index === undefined ? undefined : image.layers[index];
}

const nextLayerIndex = new WeakMap<Image, (number | undefined)[]>();

/** The config's Env as a map, made once per image: per ENV entry it was quadratic on an image with thousands of both. */
function configEnv(image: Image): Record<string, string> {
  let env = envOfImage.get(image);
  if (!env) {
    env = envMap(image.config.Env);
    envOfImage.set(image, env);
  }
  return env;
}

const envOfImage = new WeakMap<Image, Record<string, string>>();

function convert(h: HistoryEntry, p: ParsedInstruction, image: Image, state: BuildState, setKeys: SetKeys): Converted {
  const layer = h.layerIndex === undefined ? undefined : image.layers[h.layerIndex];
  switch (p.instruction) {
    case 'UNKNOWN':
      return unknownEntry(h, layer);
    case 'RUN': {
      const run = runText(p, state, image, layer);
      return { instruction: 'RUN', arguments: run.args, formatted: run.formatted, notes: run.notes, heredoc: run.heredoc };
    }
    case 'ENV':
    case 'LABEL': {
      const known = p.instruction === 'ENV' ? configEnv(image) : image.config.Labels;
      const pairs = splitPairsKnown(p.arguments, p.instruction, known);
      for (const [k] of pairs) (p.instruction === 'ENV' ? setKeys.env : setKeys.labels).add(k);
      const args = formatPairs(pairs);
      return { instruction: p.instruction, arguments: args, formatted: `${p.instruction} ${args}`, notes: [] };
    }
    case 'ARG': {
      const args = formatPairs(splitPairs(p.arguments, 'ARG'));
      return { instruction: 'ARG', arguments: args, formatted: `ARG ${args}`, notes: [] };
    }
    case 'COPY':
    case 'ADD': {
      if (!p.destination) return { instruction: p.instruction, arguments: p.arguments, formatted: `${p.instruction} ${p.arguments}`, notes: [] };
      const squashed = !layer && h.emptyLayer ? squashedLayer(h, image) : undefined;
      const named = nameCopySources(p, layer ?? squashed, state.workdir, squashed !== undefined);
      const args = [...named.flags, ...named.sources, named.destination].join(' ');
      const notes = [...named.notes];
      if (!p.hiddenSource && named.sources.some((s) => s.startsWith('/'))) notes.push('an absolute source: likely COPY --from=<stage or image> (history does not record --from)');
      return { instruction: p.instruction, arguments: args, formatted: `${p.instruction} ${args}`, notes };
    }
    case 'HEALTHCHECK':
      if (!p.healthcheck) return unknownEntry(h, layer);
      return { instruction: 'HEALTHCHECK', arguments: p.arguments, formatted: `HEALTHCHECK ${p.arguments}`, notes: [] };
    case 'EXPOSE':
      for (const port of p.arguments.split(/\s+/).filter(Boolean)) setKeys.ports.add(port);
      if (p.arguments === '') return { instruction: 'EXPOSE', arguments: '', formatted: '', notes: ['EXPOSE with no port (history: "EXPOSE map[]")'] };
      return { instruction: 'EXPOSE', arguments: p.arguments, formatted: `EXPOSE ${p.arguments}`, notes: [] };
    case 'VOLUME':
      for (const v of p.argv ?? []) setKeys.volumes.add(v);
      return { instruction: 'VOLUME', arguments: p.arguments, formatted: `VOLUME ${p.arguments}`, notes: [] };
    default: {
      // A metadata step with file bytes: the builder committed earlier steps' changes with it.
      const notes = layer && layer.bytes > 0 && p.instruction !== 'WORKDIR' ? [`layer ${layer.index} (${layer.bytes} bytes, ${layer.entries.length} entries) was committed with this step: it holds the changes of the steps before it, squashed by the builder`] : [];
      return { instruction: p.instruction, arguments: p.arguments, formatted: `${p.instruction} ${p.arguments}`.trimEnd(), notes };
    }
  }
}

interface SetKeys {
  env: Set<string>;
  labels: Set<string>;
  ports: Set<string>;
  volumes: Set<string>;
}

function applyState(p: ParsedInstruction, converted: Converted, state: BuildState): void {
  if (p.instruction === 'SHELL' && p.argv?.length) state.shell = p.argv;
  if (p.instruction === 'WORKDIR' && converted.arguments) state.workdir = `/${imagePath(converted.arguments, state.workdir)}`;
}

function fromConfig(ci: ConfigInstruction, note: string, inherited = false): ReconstructedInstruction {
  const text = `${ci.instruction} ${ci.arguments}`;
  return { instruction: ci.instruction, arguments: ci.arguments, text, formatted: text, layerIndex: undefined, historyIndex: -1, bytes: 0, inherited, origin: 'config', notes: note ? [note] : [] };
}

/** An image with no history: its layers as ADDs of their contents, then everything the config gives. */
function withoutHistory(image: Image): Reconstruction {
  const instructions: ReconstructedInstruction[] = image.layers.map((layer) => {
    const name = image.layers.length === 1 ? 'rootfs.tar' : `layer-${layer.index}.tar`;
    const text = `ADD ${name} /`;
    return {
      instruction: 'ADD', arguments: `${name} /`, text, formatted: text, layerIndex: layer.index, historyIndex: -1, bytes: layer.bytes, inherited: false, origin: 'layer',
      notes: [`${name}: layer ${layer.index}'s ${image.layersRead === false ? 'contents (not read: --quick)' : `${layer.entries.length} entries (${layer.bytes} bytes)`}; the name is a stand-in, save the layer as that tar to rebuild`],
    };
  });
  for (const ci of instructionsFromConfig(image.config, { skipDefaultPath: false })) instructions.push(fromConfig(ci, ''));
  // The files still tell what the filesystem is, even with no history to say how it was made.
  const identity = image.layers.length ? guessFromFiles(image, image.layers.length) : undefined;
  const what = image.format === 'docker-export'
    ? 'This is a container filesystem snapshot (docker export): it has no config and no build history.'
    : 'This image has no build history (made by docker import, or by a tool that records none): only its layers and config are known, so the instructions below come from the config alone.';
  return {
    from: { image: 'scratch', confidence: 'none', reasons: ['an image without history starts from its own root filesystem layer'] },
    base: { layers: 0, bytes: 0, lastHistoryIndex: -1, reason: 'no history' },
    instructions,
    buildArgs: {},
    notes: [what, ...(identity && identity.image !== 'scratch' ? [`Its files look like ${identity.image} (${identity.reasons.join('; ')}).`] : [])],
    usesHeredoc: false,
  };
}

export function reconstructDockerfile(image: Image): Reconstruction {
  const reconstruction = reconstructFrom(image);
  return image.layersRead === false ? { ...reconstruction, sizesKnown: false } : reconstruction;
}

function reconstructFrom(image: Image): Reconstruction {
  const history = image.history;
  if (history.length === 0 || history.every((h) => h.createdBy.trim() === '')) return withoutHistory(image);

  const split = splitBase(image);
  const state: BuildState = { shell: image.platform.os === 'windows' ? WINDOWS_SHELL : DEFAULT_SHELL, workdir: '/' };
  const setKeys: SetKeys = { env: new Set(), labels: new Set(), ports: new Set(), volumes: new Set() };
  const buildArgs: Record<string, string> = {};
  const instructions: ReconstructedInstruction[] = [];
  const seen = new Map<string, string[]>();
  const own = new Map<string, string[]>();
  let unknown = 0;
  let usesHeredoc = false;

  // The legacy builder writes `#(nop)` before everything but RUN; an exec-form RUN is its bare argv.
  // Only when this build's own entries show the legacy builder (a known `#(nop)` instruction).
  const parses = historyParses(history);
  const legacyBuild = history.some((h, i) => {
    if (h.index <= split.lastHistoryIndex || !h.createdBy.includes('#(nop)')) return false;
    const p = parses[i]!;
    return p.builder === 'legacy' && p.instruction !== 'UNKNOWN';
  });
  // Until a SHELL entry changes it, the shell in force is the one a build starts with, and a parse knowing it
  // is the shared parse knowing none (its prefix reads the same either way: test/analysis/dockerfile/history-parses.test.ts).
  const initialShell = state.shell;
  for (const [i, h] of history.entries()) {
    let parsed = state.shell === initialShell ? parses[i]! : parseCreatedBy(h.createdBy, { shell: state.shell });
    if (parsed.instruction === 'UNKNOWN' && legacyBuild && h.index > split.lastHistoryIndex && h.layerIndex !== undefined && h.createdBy.trim() && !h.createdBy.includes('#(nop)') && !h.createdBy.includes('\n')) {
      const argv = h.createdBy.trim().split(/\s+/);
      parsed = { instruction: 'RUN', arguments: jsonArray(argv), argv, form: 'exec', builder: 'legacy', raw: h.createdBy };
    }
    const converted = convert(h, parsed, image, state, setKeys);
    applyState(parsed, converted, state);
    const inherited = h.index <= split.lastHistoryIndex;
    if (parsed.buildArgs && !inherited) Object.assign(buildArgs, parsed.buildArgs);
    if (converted.instruction === 'UNKNOWN') unknown++;
    if (converted.heredoc && !inherited) usesHeredoc = true;
    for (const map of inherited ? [seen] : [seen, own]) {
      const list = map.get(converted.instruction) ?? [];
      list.push(converted.arguments);
      map.set(converted.instruction, list);
    }
    const layer = h.layerIndex === undefined ? undefined : image.layers[h.layerIndex];
    instructions.push({
      instruction: converted.instruction,
      arguments: converted.arguments,
      text: converted.formatted ? converted.formatted.replace(/ \\\n\s*/g, ' ') : h.createdBy.trim(),
      formatted: converted.formatted,
      layerIndex: h.layerIndex,
      historyIndex: h.index,
      bytes: layer?.bytes ?? 0,
      inherited,
      origin: 'history',
      createdBy: h.createdBy,
      notes: converted.notes,
      ...(parsed.buildArgs ? { buildArgs: parsed.buildArgs } : {}),
    });
  }

  // Layers no history entry accounts for (a history that does not line up): kept, as comments.
  for (const layer of image.layers.filter((l) => l.historyIndex === undefined)) {
    instructions.push({
      instruction: 'UNKNOWN', arguments: '', text: '', formatted: '', layerIndex: layer.index, historyIndex: -1, bytes: layer.bytes,
      inherited: layer.index < split.layers, origin: 'layer',
      notes: [`layer ${layer.index} (${layer.entries.length} ${layer.entries.length === 1 ? 'entry' : 'entries'}, ${layer.bytes} bytes) matches no history entry: what made it is not known`],
    });
  }
  const notes: string[] = [];
  const missing = image.format === 'docker-export' ? [] : missingFromHistory(image.config, seen, own, setKeys);
  for (const ci of missing) instructions.push(fromConfig(ci, 'from the image config: no history entry set it'));
  if (unknown) notes.push(`${unknown} history entr${unknown === 1 ? 'y is' : 'ies are'} not a known instruction and kept as comments.`);
  const orphanLayers = image.layers.filter((l) => l.historyIndex === undefined);
  if (orphanLayers.length) notes.push(`${orphanLayers.length === 1 ? 'layer' : 'layers'} ${orphanLayers.map((l) => l.index).join(', ')} ${orphanLayers.length === 1 ? 'matches' : 'match'} no history entry.`);
  const baseBytes = image.layers.slice(0, split.layers).reduce((sum, l) => sum + l.bytes, 0);
  return {
    from: split.from,
    base: { layers: split.layers, bytes: baseBytes, lastHistoryIndex: split.lastHistoryIndex, reason: split.reason },
    instructions,
    buildArgs,
    notes,
    usesHeredoc,
  };
}
