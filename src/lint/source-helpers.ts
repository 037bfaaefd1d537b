/**
 * Small shared pieces the source checks (`checkSource`) use to read a parsed Dockerfile: the shell script
 * of a RUN (heredoc bodies included), where an instruction is, and the final stage.
 */
import { firstStageNamed, parseJsonStringArray, stageChain, stageInstructions, type DockerfileInstruction, type DockerfileStage, type ParsedDockerfile } from '../dockerfile/parse.js';
import { perParse } from './per-parse.js';
import type { ReportedFinding } from './rule.js';

/** The instruction's first source line, continuations joined, for `instruction` and messages. */
export function instructionLine(ins: DockerfileInstruction): string {
  // The last answer is kept: a rule reporting each word of a long EXPOSE built the same line per word.
  if (ins === lastLine.ins) return lastLine.text;
  lastLine.ins = ins;
  lastLine.text = lineOf(ins);
  return lastLine.text;
}

const lastLine: { ins?: DockerfileInstruction; text: string } = { text: '' };

function lineOf(ins: DockerfileInstruction): string {
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

/** The instructions of the final stage and the stages it is built FROM, in file order. */
export const shippedInstructions: (df: ParsedDockerfile) => readonly DockerfileInstruction[] = perParse((df) => {
  const shipped = new Set(stageChain(df).map((s) => s.index));
  return allOrSome(df.instructions, (i) => shipped.has(i.stageIndex));
});

/** The items that pass, or the list itself when all do (one stage: no second list as long as the first). */
export function allOrSome<T>(items: readonly T[], keep: (item: T) => boolean): readonly T[] {
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
