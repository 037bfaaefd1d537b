/**
 * Maps the image's instructions (reconstructed from its history) to the lines of the Dockerfile that made
 * them, and findings to those lines.
 *
 * Only the final stage (and the stages it is built FROM, by name) made the final image's layers, so only
 * their instructions are candidates. History text is not the source text: the builder expands ENV/LABEL
 * values, drops RUN --mount and COPY --from flags, joins continuations, re-renders exec forms and, in the
 * legacy builder, replaces COPY sources by `file:<sha>`. So instructions are compared by keyword and by a
 * tolerant token similarity, and aligned in order (a longest-common-subsequence style alignment), which
 * keeps two similar RUN lines from swapping.
 */
import type { Finding } from '../lint/types.js';
import { stageChain, type DockerfileInstruction, type ParsedDockerfile } from './parse.js';

/** What the mapper needs from a reconstructed instruction (issue 3's `ReconstructedInstruction` fits). */
export interface ImageInstruction {
  instruction: string;
  arguments: string;
  historyIndex: number;
  layerIndex?: number;
  /** True when the history entry came from the base image, not from this Dockerfile. */
  inherited?: boolean;
}

export interface InstructionMatch {
  historyIndex: number;
  layerIndex?: number;
  source: DockerfileInstruction;
  /** 0..1 token similarity between the history text and the source text. */
  similarity: number;
}

export interface DockerfileMapping {
  file: string;
  matches: InstructionMatch[];
  /** The FROM of the stage the image's base layers came from (root of the final stage's chain). */
  baseFrom?: DockerfileInstruction;
  /** The FROM of the final stage: where image-wide findings point. */
  finalFrom?: DockerfileInstruction;
  /** Image instructions (not inherited) that no source line matched. */
  unmatched: ImageInstruction[];
  /**
   * History index of the first instruction that made a layer and matched a source line, or -1: without the
   * reconstruction's `inherited` flags, history before it is the base image's. Metadata matches do not count
   * (a CMD matches any CMD).
   */
  firstOwnLayerHistoryIndex: number;
}

export interface MapOptions {
  /** Path of the Dockerfile as reports should show it (repository-relative). */
  file: string;
  /** Build target stage (name or index); default: the last stage. */
  target?: string;
}

/** Keywords whose history text is generated, not copied, from the source: the keyword and the order identify them. */
const METADATA_KEYWORDS = new Set(['ARG', 'ENV', 'LABEL', 'EXPOSE', 'VOLUME', 'USER', 'WORKDIR', 'CMD', 'ENTRYPOINT', 'SHELL', 'STOPSIGNAL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER']);
const MIN_CONTENT_SIMILARITY = 0.5;

export function mapInstructions(imageInstructions: readonly ImageInstruction[], parsed: ParsedDockerfile, options: MapOptions): DockerfileMapping {
  const chain = stageChain(parsed, options.target);
  const stageIndexes = new Set(chain.map((s) => s.index));
  const sources = parsed.instructions.filter((ins) => stageIndexes.has(ins.stageIndex) && ins.keyword !== 'FROM');
  const own = [...imageInstructions].filter((ins) => !ins.inherited).sort((a, b) => a.historyIndex - b.historyIndex);

  const imageTokens = own.map((ins) => imageSideTokens(ins));
  const sourceTokens = sources.map((ins) => sourceSideTokens(ins));
  const score = (i: number, j: number): number => {
    const a = own[i];
    const b = sources[j];
    if (a.instruction.toUpperCase() !== b.keyword) return -1;
    const sim = similarity(imageTokens[i], sourceTokens[j]);
    if (METADATA_KEYWORDS.has(b.keyword)) return sim;
    return sim >= MIN_CONTENT_SIMILARITY ? sim : -1;
  };

  // dp[i][j]: best (matches, similarity) aligning own[i..] with sources[j..]; more matches win, then similarity.
  const n = own.length;
  const m = sources.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const scores: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => score(i, j)));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      let best = Math.max(dp[i + 1][j], dp[i][j + 1]);
      if (scores[i][j] >= 0) best = Math.max(best, dp[i + 1][j + 1] + 1 + scores[i][j]);
      dp[i][j] = best;
    }
  }
  const matches: InstructionMatch[] = [];
  const unmatched: ImageInstruction[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (scores[i][j] >= 0 && dp[i][j] === dp[i + 1][j + 1] + 1 + scores[i][j]) {
      matches.push({ historyIndex: own[i].historyIndex, layerIndex: own[i].layerIndex, source: sources[j], similarity: scores[i][j] });
      i++;
      j++;
    } else if (dp[i][j] === dp[i + 1][j]) {
      unmatched.push(own[i]);
      i++;
    } else {
      j++;
    }
  }
  for (const rest of own.slice(i)) unmatched.push(rest);

  const fromOf = (stageIndex: number | undefined) =>
    stageIndex === undefined ? undefined : parsed.instructions[parsed.stages[stageIndex].fromInstruction];
  return {
    file: options.file,
    matches,
    baseFrom: fromOf(chain[0]?.index),
    finalFrom: fromOf(chain[chain.length - 1]?.index),
    unmatched,
    firstOwnLayerHistoryIndex: matches.find((m) => m.layerIndex !== undefined)?.historyIndex ?? -1,
  };
}

/**
 * Findings with `file`, `line` and `endLine` set where the Dockerfile says where they come from:
 * a layer's finding → the instruction that made it; a base-image layer → the FROM the base came from;
 * an image-wide finding (no layer) → the final stage's FROM. A finding about a layer no source line
 * matched keeps no location, and reports fall back to the image.
 */
export function mapFindings(findings: readonly Finding[], mapping: DockerfileMapping, imageInstructions: readonly ImageInstruction[]): Finding[] {
  const byHistory = new Map(mapping.matches.map((m) => [m.historyIndex, m.source]));
  const historyOfLayer = new Map<number, number>();
  const inheritedHistory = new Set<number>();
  const flagged = imageInstructions.some((ins) => ins.inherited !== undefined);
  const firstOwn = mapping.firstOwnLayerHistoryIndex;
  for (const ins of imageInstructions) {
    if (ins.layerIndex !== undefined) historyOfLayer.set(ins.layerIndex, ins.historyIndex);
    if (flagged ? ins.inherited : ins.historyIndex < firstOwn) inheritedHistory.add(ins.historyIndex);
  }
  return findings.map((finding) => {
    if (finding.file && finding.line) return finding;
    const historyIndex = finding.historyIndex ?? (finding.layerIndex === undefined ? undefined : historyOfLayer.get(finding.layerIndex));
    let target: DockerfileInstruction | undefined;
    if (historyIndex === undefined) target = finding.layerIndex === undefined ? mapping.finalFrom : undefined;
    else if (inheritedHistory.has(historyIndex)) target = mapping.baseFrom;
    else target = byHistory.get(historyIndex);
    if (!target) return finding;
    return { ...finding, file: mapping.file, line: target.startLine, endLine: target.endLine };
  });
}

const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/**
 * Image instructions read straight from history `created_by`, for reports that do not carry the
 * reconstruction (issue 3's `instructions`). Only the keyword is worked out here: the matcher already
 * tolerates the shell prefix, `|N` build args and `# buildkit` suffix left in the arguments.
 */
export function instructionsFromHistory(history: readonly { index: number; createdBy: string; layerIndex?: number }[]): ImageInstruction[] {
  const out: ImageInstruction[] = [];
  for (const h of history) {
    const text = h.createdBy.trim();
    if (!text) continue;
    const nop = /^(?:\/bin\/)?[a-z]*sh\s+-[a-z]*c\s+#\(nop\)\s*(\S+)\s*([\s\S]*)$/.exec(text);
    const plain = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
    let instruction = 'RUN';
    let args = text;
    if (nop) { instruction = nop[1].toUpperCase(); args = nop[2]; }
    else if (KEYWORDS.has(plain[1])) { instruction = plain[1]; args = plain[2]; }
    out.push({ instruction, arguments: args.replace(/\s+# buildkit\s*$/, ''), historyIndex: h.index, layerIndex: h.layerIndex });
  }
  return out;
}

// ---- token similarity -------------------------------------------------------------------------

interface Tokens {
  all: string[];
  /** COPY/ADD destination, for the legacy builder's `file:<sha> in <dest>` history. */
  destination?: string;
  /** The legacy history gave only the destination, not the sources. */
  destinationOnly?: boolean;
}

const LEGACY_COPY = /^(?:--\S+\s+)*(?:file|dir|multi):[0-9a-f]{64}\s+in\s+(\S+)\s*$/;

function imageSideTokens(ins: ImageInstruction): Tokens {
  let text = ins.arguments
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/\s+# buildkit\s*$/, '');
  // Tolerate history text that still carries the legacy `|N k=v` build-arg prefix or the shell.
  const buildArgs = /^\|(\d+)\s+/.exec(text);
  if (buildArgs) {
    text = text.slice(buildArgs[0].length);
    for (let k = 0; k < Number(buildArgs[1]); k++) text = text.replace(/^\S+=\S*\s*/, '');
  }
  text = text.replace(/^(?:\/bin\/)?(?:ba|a|da)?sh\s+-[a-z]*c\s+/, '');
  const keyword = ins.instruction.toUpperCase();
  if (keyword === 'COPY' || keyword === 'ADD') {
    const legacy = LEGACY_COPY.exec(text);
    if (legacy) return { all: [legacy[1]], destination: legacy[1], destinationOnly: true };
  }
  const all = tokenize(stripLeadingFlags(text));
  return { all, destination: all[all.length - 1] };
}

function sourceSideTokens(ins: DockerfileInstruction): Tokens {
  const text = [ins.argumentsWithoutFlags, ...ins.heredocs.map((h) => h.body)].join(' ');
  const all = tokenize(text);
  return { all, destination: tokenize(ins.argumentsWithoutFlags).pop() };
}

function stripLeadingFlags(text: string): string {
  return text.replace(/^(?:--[A-Za-z][A-Za-z0-9-]*(?:=(?:"[^"]*"|'[^']*'|\S*))?\s+)+/, '');
}

/** Exec-form brackets, quotes and commas and Go's map/struct rendering are not content. */
function tokenize(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/&\{|map\[|[[\]{}",']/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '&&' && t !== '\\');
}

function similarity(image: Tokens, source: Tokens): number {
  if (image.destinationOnly) {
    return source.destination !== undefined && tokenMatches(image.destination ?? '', source.destination) ? 1 : 0;
  }
  if (image.all.length === 0 && source.all.length === 0) return 1;
  if (image.all.length === 0 || source.all.length === 0) return 0;
  const lcs = longestCommonSubsequence(image.all, source.all);
  return (2 * lcs) / (image.all.length + source.all.length);
}

function longestCommonSubsequence(image: string[], source: string[]): number {
  const row = new Array<number>(source.length + 1).fill(0);
  for (let i = 1; i <= image.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= source.length; j++) {
      const above = row[j];
      row[j] = tokenMatches(image[i - 1], source[j - 1]) ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[source.length];
}

/** A source token with `$VAR` / `${VAR}` / `${VAR:-x}` matches whatever the builder expanded it to. */
function tokenMatches(image: string, source: string): boolean {
  if (image === source) return true;
  if (!source.includes('$')) return false;
  const pattern = source
    .split(/(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part, k) => (k % 2 === 1 ? '.*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(image);
}
