/**
 * Dockerfile source parser: instructions with their exact source lines, stages, flags, heredocs and the
 * comments that precede them (so `# tsimage ignore=...` pragmas can be read).
 *
 * Hand-written rather than `dockerfile-ast`: that package handles heredocs and the escape directive, but it
 * models an editor document (LSP ranges, two vscode-languageserver dependencies) while tsimage needs a plain,
 * serializable record per instruction that the image mapper and the source linter (issue 8) both consume.
 * The rules below follow moby/buildkit's frontend/dockerfile/parser and the Dockerfile reference.
 */

import { SharedResults } from '../shared-results.js';
import { InstructionMaker, NONE, type DockerfileFlag, type DockerfileInstruction, type Heredoc, type InstructionDetails, type SourceComment } from './instruction.js';
import { SourceLines } from './source-lines.js';

export type { DockerfileFlag, DockerfileInstruction, Heredoc, SourceComment } from './instruction.js';

export interface DockerfileStage {
  index: number;
  /** `AS name`, lower-cased as the builder does. */
  name?: string;
  /** The FROM image reference, as written. */
  baseImage: string;
  platform?: string;
  /** Index into `instructions` of the FROM. */
  fromInstruction: number;
  startLine: number;
  endLine: number;
}

export interface ParsedDockerfile {
  /** Parser directives from the top of the file (`syntax`, `escape`, `check`), keys lower-cased. */
  directives: Record<string, string>;
  escapeChar: '\\' | '`';
  instructions: DockerfileInstruction[];
  stages: DockerfileStage[];
  comments: SourceComment[];
  /** Lines that could not be read as an instruction; the builder would reject them too. */
  problems: { line: number; message: string }[];
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
// The value is trimmed separately: `(.*?)\s*$` backtracks quadratically over a long run of spaces.
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=(.*)$/;
/** BuildKit reads these instructions' arguments as a JSON array when they are one (parseMaybeJSON). */
const JSON_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/g;
/** The keywords' upper-case spellings, shared by every instruction instead of one copy each. */
const KEYWORDS = new Map(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'].map((k) => [k, k]));

export function parseDockerfile(source: string): ParsedDockerfile {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const directives = readDirectives(new SourceLines(text));
  const escapeChar: '\\' | '`' = directives.escape === '`' ? '`' : '\\';

  const instructions: DockerfileInstruction[] = [];
  const comments: SourceComment[] = [];
  const problems: ParsedDockerfile['problems'] = [];
  const stages: DockerfileStage[] = [];
  // NONE until a comment comes: a list of its own per instruction was garbage for most.
  let pendingComments: SourceComment[] = NONE;

  // Equal texts (a generated Dockerfile's thousand `RUN apt-get update`) share one reading: raw line, arguments, flags.
  const keywords = new KeywordReader();
  const texts = new SharedResults((logical) => readInstructionText(logical, keywords));
  const made = new InstructionMaker(text);
  // Directive lines are also comments: the main loop reads them again from the top so comments[] stays complete.
  const lines = new SourceLines(text);
  while (!lines.done) {
    const trimmed = lines.current!.trim();
    if (trimmed === '') { pendingComments = NONE; lines.advance(); continue; }
    if (trimmed.startsWith('#')) {
      const comment = { line: lines.index + 1, text: trimmed.slice(1).trim() };
      comments.push(comment);
      if (pendingComments === NONE) pendingComments = [];
      pendingComments.push(comment);
      lines.advance();
      continue;
    }
    const startLine = lines.index + 1;
    const rawStart = lines.startOffset;
    let rawEnd = rawStart;
    let innerComments: SourceComment[] = NONE;
    let logical = '';
    // Join continuation lines: the builder drops the escape char and the newline, and skips comment and empty lines inside.
    for (;;) {
      const current = lines.current!;
      rawEnd = lines.endOffset;
      const continued = endsWithEscape(current, escapeChar);
      // trimEnd, not /\s*$/: a regex anchored at the end retries from every space of a long run (quadratic).
      logical += continued ? current.trimEnd().slice(0, -1) : current;
      lines.advance();
      if (!continued) break;
      for (let inner = lines.current; inner !== undefined; inner = lines.current) {
        const innerTrimmed = inner.trim();
        if (innerTrimmed !== '' && !innerTrimmed.startsWith('#')) break;
        if (innerTrimmed !== '') {
          const comment = { line: lines.index + 1, text: innerTrimmed.slice(1).trim() };
          comments.push(comment);
          if (innerComments === NONE) innerComments = [];
          innerComments.push(comment);
        }
        rawEnd = lines.endOffset;
        lines.advance();
      }
      if (lines.done) break;
    }
    const text = texts.get(logical);
    if (!text) {
      problems.push({ line: startLine, message: `not an instruction: ${logical.trim().slice(0, 60)}` });
      pendingComments = NONE;
      continue;
    }
    const { keyword, args, flags, rest } = text;
    let heredocs: Heredoc[] = NONE;
    if (HEREDOC_KEYWORDS.has(keyword) && args.includes('<<')) {
      heredocs = [];
      for (const marker of args.matchAll(HEREDOC_MARKER)) {
        const name = marker[3];
        const stripTabs = marker[1] === '-';
        const bodyStart = lines.index;
        const body: string[] = [];
        for (let line = lines.current; line !== undefined; line = lines.current) {
          const content = stripTabs ? line.replace(/^\t+/, '') : line;
          if (content === name) break;
          body.push(content);
          rawEnd = lines.endOffset;
          lines.advance();
        }
        if (lines.done) problems.push({ line: startLine, message: `heredoc <<${name} is never closed` });
        else { rawEnd = lines.endOffset; lines.advance(); }
        heredocs.push({ name, body: body.length ? body.join('\n') + '\n' : '', stripTabs, quoted: marker[2] !== '', startLine: bodyStart + 1, endLine: lines.index });
      }
    }
    const endLine = lines.index;
    const stageIndex = keyword === 'FROM' ? stages.length : stages.length - 1;
    if (keyword === 'FROM') {
      const fromArgs = rest.split(/\s+/);
      const asIndex = fromArgs.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        index: stages.length,
        name: asIndex >= 0 && fromArgs[asIndex + 1] ? fromArgs[asIndex + 1].toLowerCase() : undefined,
        baseImage: fromArgs[0] ?? '',
        platform: flags.find((f) => f.name === 'platform')?.value,
        fromInstruction: instructions.length,
        startLine,
        endLine,
      });
    }
    if (text.notStrings) problems.push({ line: startLine, message: text.notStrings });
    const stage = stages[stageIndex];
    if (stage) stage.endLine = endLine;
    let overLines: OverLines | undefined;
    if (endLine !== startLine) {
      const raw = lines.between(rawStart, rawEnd);
      overLines = { endLine, rawEnd, raw: raw.length !== rawEnd - rawStart ? raw : undefined };
    }
    const details = detailsOf(args, rest, flags, heredocs, pendingComments, innerComments, overLines);
    instructions.push(made.make(keyword, text.form, stageIndex, stage?.name, args, startLine, rawStart, details));
    pendingComments = NONE;
  }
  return { directives, escapeChar, instructions, stages, comments, problems };
}

/** An instruction over several lines: where it ends, and its raw text when it is not the source as is (a line ended by `\r\n`). */
interface OverLines {
  endLine: number;
  rawEnd: number;
  raw: string | undefined;
}

/** What the instruction has besides the usual (one line; no flags, heredocs or comments), if anything. */
function detailsOf(args: string, rest: string, flags: DockerfileFlag[], heredocs: Heredoc[], above: SourceComment[], inside: SourceComment[], lines: OverLines | undefined): InstructionDetails | undefined {
  const comments = above === NONE && inside === NONE ? NONE : [...above, ...inside];
  if (rest === args && flags === NONE && heredocs === NONE && comments === NONE && lines === undefined) return undefined;
  return { argumentsWithoutFlags: rest, flags, heredocs, comments, endLine: lines?.endLine, rawEnd: lines?.rawEnd, raw: lines?.raw };
}

/** What an instruction's joined text says, whatever line it is on: shared by every instruction with that text, so its flags are frozen. */
interface InstructionText {
  readonly keyword: string;
  readonly args: string;
  readonly flags: DockerfileFlag[];
  readonly rest: string;
  readonly form: 'exec' | 'shell';
  /** BuildKit's error for a JSON array of non-strings, if it is one. */
  readonly notStrings: string | undefined;
}

function readInstructionText(logical: string, keywords: KeywordReader): InstructionText | undefined {
  if (!keywords.read(logical)) return undefined;
  const { keyword, args } = keywords;
  // Most instructions have no flags: no regex for them.
  let flags: DockerfileFlag[] = NONE;
  let rest = args;
  if (args.startsWith('--')) {
    ({ flags, rest } = splitFlags(args));
    if (flags !== NONE) { for (const flag of flags) Object.freeze(flag); Object.freeze(flags); }
  }
  return {
    keyword,
    args,
    flags,
    rest,
    // `rest` is trimmed already.
    form: rest.length > 1 && rest.startsWith('[') && rest.endsWith(']') && isJsonArray(rest) ? 'exec' : 'shell',
    notStrings: nonStringJsonArguments(keyword, rest),
  };
}

const SPACE = /\s/;

/** `\s` at `i`, as the RegExp reads it; printable ASCII (nearly every character asked) answered without it. */
function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code > 0x20 && code < 0x7f ? false : SPACE.test(text[i]!);
}

/**
 * `/^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/` on an instruction's joined text, the arguments trimmed, without the
 * regex: it ran to the end of every line to check `$` and made three strings (a third of the parse's time).
 * The keyword comes out upper case, one string per spelling; a word spelled as the previous instruction's
 * keyword is not cut, upper-cased and looked up again (most of a file of RUN lines). One per parse.
 */
class KeywordReader {
  /** After a read that found them: the keyword, upper case, and the arguments, trimmed. */
  keyword = '';
  args = '';

  /** False when the text does not start with a keyword followed by a space or its end. */
  read(text: string): boolean {
    let start = 0;
    while (start < text.length && isSpaceAt(text, start)) start++;
    let end = start;
    for (; end < text.length; end++) {
      const code = text.charCodeAt(end) | 0x20;
      if (code < 0x61 || code > 0x7a) break;
    }
    if (end === start) return false;
    if (end < text.length && !isSpaceAt(text, end)) return false;
    const last = this.keyword;
    if (end - start !== last.length || !text.startsWith(last, start)) {
      const upper = text.slice(start, end).toUpperCase();
      this.keyword = KEYWORDS.get(upper) ?? upper;
    }
    this.args = end === text.length ? '' : text.slice(end).trim();
    return true;
  }
}

/** Directives count only at the very top: the first non-directive line (comment, blank, instruction) ends them. */
function readDirectives(lines: SourceLines): Record<string, string> {
  const directives: Record<string, string> = {};
  for (; !lines.done; lines.advance()) {
    const trimmed = lines.current!.trim();
    const match = DIRECTIVE.exec(trimmed);
    if (!match || !trimmed.startsWith('#')) break;
    const key = match[1].toLowerCase();
    if (!KNOWN_DIRECTIVES.has(key) || key in directives) break;
    directives[key] = match[2].trim();
  }
  return directives;
}

function endsWithEscape(line: string, escapeChar: string): boolean {
  const trimmed = line.trimEnd();
  if (trimmed.trimStart().startsWith('#')) return false;
  return trimmed.endsWith(escapeChar);
}

/** Leading `--name[=value]` words, as BuildKit reads them before the instruction's own arguments. */
function splitFlags(args: string): { flags: DockerfileFlag[]; rest: string } {
  const flags: DockerfileFlag[] = [];
  let rest = args;
  for (;;) {
    const match = /^--([A-Za-z][A-Za-z0-9-]*)(?:=("[^"]*"|'[^']*'|\S*))?(?:\s+|$)/.exec(rest);
    if (!match) break;
    const value = match[2]?.replace(/^(["'])([\s\S]*)\1$/, '$2');
    flags.push(value === undefined ? { name: match[1] } : { name: match[1], value });
    rest = rest.slice(match[0].length);
  }
  return { flags: flags.length ? flags : NONE, rest: rest.trim() };
}

function isJsonArray(text: string): boolean {
  return parseJsonStringArray(text) !== undefined;
}

/** The words of a JSON-form argument list (`["a", "b"]`), or undefined when the text is not one. */
export function parseJsonStringArray(text: string): string[] | undefined {
  const value = parseJsonArray(text);
  return value && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function parseJsonArray(text: string): unknown[] | undefined {
  if (!text.trimStart().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * BuildKit refuses a JSON array that holds anything but strings ("arrays must be comprised of strings only")
 * rather than reading it as shell form; so do we, for every instruction it reads JSON form in.
 */
function nonStringJsonArguments(keyword: string, rest: string): string | undefined {
  let text = rest;
  let word = keyword;
  if (keyword === 'ONBUILD' || keyword === 'HEALTHCHECK') {
    const inner = /^([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(text);
    if (!inner) return undefined;
    word = inner[1].toUpperCase();
    text = splitFlags(inner[2] ?? '').rest;
    if (keyword === 'HEALTHCHECK' && word !== 'CMD') return undefined;
  }
  if (!JSON_FORM_KEYWORDS.has(word) && !(keyword === 'HEALTHCHECK' && word === 'CMD')) return undefined;
  const value = parseJsonArray(text);
  if (!value || value.every((v) => typeof v === 'string')) return undefined;
  return `${keyword === word ? keyword : `${keyword} ${word}`}: when using JSON array syntax, arrays must be comprised of strings only`;
}

/**
 * Lookups over a parsed Dockerfile that rules make once per instruction or stage. Each is built once per
 * parse (cached by object) so a rule stays linear on a Dockerfile of 100,000 lines or 10,000 stages.
 */
interface DockerfileIndex {
  /** The first stage of each `AS` name. */
  stageByName: Map<string, DockerfileStage>;
  /** Instructions of each stage, in order (ARGs before the first FROM are not in any). */
  byStage: DockerfileInstruction[][];
}

const indexes = new WeakMap<ParsedDockerfile, DockerfileIndex>();

function indexOf(parsed: ParsedDockerfile): DockerfileIndex {
  let index = indexes.get(parsed);
  if (!index) {
    const stageByName = new Map<string, DockerfileStage>();
    for (const stage of parsed.stages) if (stage.name !== undefined && !stageByName.has(stage.name)) stageByName.set(stage.name, stage);
    const byStage: DockerfileInstruction[][] = parsed.stages.map(() => []);
    for (const ins of parsed.instructions) byStage[ins.stageIndex]?.push(ins);
    index = { stageByName, byStage };
    indexes.set(parsed, index);
  }
  return index;
}

/** The first stage called `name` (lower case, as the builder compares), if any. */
export function firstStageNamed(parsed: ParsedDockerfile, name: string): DockerfileStage | undefined {
  return indexOf(parsed).stageByName.get(name);
}

/** The instructions of one stage, FROM first. */
export function stageInstructions(parsed: ParsedDockerfile, stageIndex: number): DockerfileInstruction[] {
  return indexOf(parsed).byStage[stageIndex] ?? [];
}

/** The instruction a 1-based source line belongs to: a binary search, as instructions are in file order and do not overlap. */
export function instructionAtLine(parsed: ParsedDockerfile, line: number | undefined): DockerfileInstruction | undefined {
  if (line === undefined) return undefined;
  const list = parsed.instructions;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (list[mid].endLine < line) low = mid + 1;
    else if (list[mid].startLine > line) high = mid - 1;
    else return list[mid];
  }
  return undefined;
}

/** The first stage that `--target` names, by name or by index. */
function stageByTarget(parsed: ParsedDockerfile, target: string): DockerfileStage | undefined {
  const named = firstStageNamed(parsed, target.toLowerCase());
  const numbered = /^\d+$/.test(target) && String(Number(target)) === target ? parsed.stages[Number(target)] : undefined;
  if (named && numbered) return named.index < numbered.index ? named : numbered;
  return named ?? numbered;
}

/** The stages that made the image built from `target` (default: the last stage), root first. */
export function stageChain(parsed: ParsedDockerfile, target?: string): DockerfileStage[] {
  if (parsed.stages.length === 0) return [];
  let stage = target === undefined ? parsed.stages[parsed.stages.length - 1] : stageByTarget(parsed, target);
  const chain: DockerfileStage[] = [];
  const seen = new Set<DockerfileStage>();
  while (stage && !seen.has(stage)) {
    chain.push(stage);
    seen.add(stage);
    const base = stage.baseImage.toLowerCase();
    const named = firstStageNamed(parsed, base);
    const current: DockerfileStage = stage;
    stage = named && named.index < current.index ? named : /^\d+$/.test(base) && Number(base) < current.index ? parsed.stages[Number(base)] : undefined;
  }
  return chain.reverse();
}
