/**
 * One instruction of a parsed Dockerfile, as the parser hands it out (`DockerfileInstruction`), held compactly.
 *
 * A plain record of twelve fields and two strings was 184 bytes per instruction: 60 MB of the 113 MB live at
 * the end of linting a 10 MB Dockerfile of 338,000 all-different RUN lines. Most of those fields are the same
 * for most instructions (keyword, form and stage are shared by every RUN of a stage; flags, heredocs and
 * comments are usually empty; `argumentsWithoutFlags` is usually `arguments`; most instructions are one
 * line, whose text is `raw`). So an instruction keeps its arguments, its first line and where its raw text
 * starts in the source, one shared `InstructionKind` and, only when it has any, its `InstructionDetails`
 * (which say where a raw text of several lines ends); the other fields are getters on the prototype. Every
 * field reads the value the plain record held, and `JSON.stringify` gives the same object (`toJSON`). What
 * differs: only `arguments` and `startLine` are own properties (a spread or `Object.keys` sees those two),
 * and the getters cannot be assigned.
 */
import { lineEndAt } from './source-lines.js';


export interface DockerfileFlag {
  /** Without the dashes: `from`, `chown`, `mount`. */
  name: string;
  /** Undefined for a bare flag (`--link`). */
  value?: string;
}

export interface Heredoc {
  /** The delimiter word, without quotes or `-`. */
  name: string;
  body: string;
  /** `<<-EOF`: leading tabs are stripped from the body. */
  stripTabs: boolean;
  /** `<<"EOF"` / `<<'EOF'`: no expansion in the body. */
  quoted: boolean;
  /** 1-based lines of the body's first line and of the closing delimiter. */
  startLine: number;
  endLine: number;
}

export interface SourceComment {
  line: number;
  /** The text after `#`, trimmed. */
  text: string;
}

export interface DockerfileInstruction {
  // Read-only where the value comes from a getter of the class below: assigning it would throw.
  /** Upper case: `RUN`, `COPY`, `FROM`. */
  readonly keyword: string;
  /**
   * Everything after the keyword, continuations joined as the builder joins them (escape + newline removed,
   * nothing inserted), heredoc bodies excluded. Flags included.
   */
  arguments: string;
  /** `arguments` without the leading `--flag[=value]` words. */
  readonly argumentsWithoutFlags: string;
  readonly flags: DockerfileFlag[];
  readonly heredocs: Heredoc[];
  /** `exec` when the arguments are a JSON array (RUN, CMD, ENTRYPOINT, SHELL, VOLUME...), else `shell`. */
  readonly form: 'exec' | 'shell';
  /** 1-based, inclusive; endLine covers continuations and heredoc bodies. */
  startLine: number;
  readonly endLine: number;
  /** -1 for ARGs before the first FROM. */
  readonly stageIndex: number;
  readonly stageName?: string;
  /** Comment lines directly above (no blank line between) and comment lines inside the continuation. */
  readonly comments: SourceComment[];
  /** The exact source lines of the instruction. */
  readonly raw: string;
}

/**
 * Most instructions have no flags, heredocs or comments: they share one empty, frozen list instead of three
 * of their own. Frozen, so a stray push fails loudly.
 */
export const NONE = Object.freeze([]) as unknown as never[];

/** What every instruction of one keyword, form and stage of a parse shares. */
interface InstructionKind {
  /** The parsed text, which `raw` is cut from. */
  readonly source: string;
  readonly keyword: string;
  readonly form: 'exec' | 'shell';
  readonly stageIndex: number;
  readonly stageName: string | undefined;
}

/** What few instructions have; absent, a field takes its usual value. */
export interface InstructionDetails {
  /** When the instruction runs over several lines (continuations, heredocs). */
  readonly endLine?: number;
  /** With `endLine`: where its raw text ends in the source (else at the end of its first line). */
  readonly rawEnd?: number;
  /** When flags make it differ from `arguments`. */
  readonly argumentsWithoutFlags?: string;
  readonly flags?: DockerfileFlag[];
  readonly heredocs?: Heredoc[];
  readonly comments?: SourceComment[];
  /** When it is not the source between the raw offsets as is (lines ended by `\r\n` become `\n`). */
  readonly raw?: string;
}

class ParsedInstruction implements DockerfileInstruction {
  readonly #kind: InstructionKind;
  readonly #rawStart: number;
  readonly #details: InstructionDetails | undefined;
  arguments: string;
  startLine: number;

  constructor(kind: InstructionKind, args: string, startLine: number, rawStart: number, details: InstructionDetails | undefined) {
    this.#kind = kind;
    this.#rawStart = rawStart;
    this.#details = details;
    this.arguments = args;
    this.startLine = startLine;
  }

  get endLine(): number {
    return this.#details?.endLine ?? this.startLine;
  }

  get keyword(): string {
    return this.#kind.keyword;
  }

  get form(): 'exec' | 'shell' {
    return this.#kind.form;
  }

  get stageIndex(): number {
    return this.#kind.stageIndex;
  }

  get stageName(): string | undefined {
    return this.#kind.stageName;
  }

  get argumentsWithoutFlags(): string {
    return this.#details?.argumentsWithoutFlags ?? this.arguments;
  }

  get flags(): DockerfileFlag[] {
    return this.#details?.flags ?? NONE;
  }

  get heredocs(): Heredoc[] {
    return this.#details?.heredocs ?? NONE;
  }

  get comments(): SourceComment[] {
    return this.#details?.comments ?? NONE;
  }

  /** Cut from the source when read: a string kept per instruction was 32 bytes more each. */
  get raw(): string {
    const details = this.#details;
    if (details?.raw !== undefined) return details.raw;
    const source = this.#kind.source;
    return source.slice(this.#rawStart, details?.rawEnd ?? lineEndAt(source, this.#rawStart));
  }

  /** The plain record, fields in the order the parser always wrote them. */
  toJSON(): DockerfileInstruction {
    return {
      keyword: this.keyword,
      arguments: this.arguments,
      argumentsWithoutFlags: this.argumentsWithoutFlags,
      flags: this.flags,
      heredocs: this.heredocs,
      form: this.form,
      startLine: this.startLine,
      endLine: this.endLine,
      stageIndex: this.stageIndex,
      stageName: this.stageName,
      comments: this.comments,
      raw: this.raw,
    };
  }
}

/**
 * Makes the instructions of one parse, one InstructionKind per keyword, form and stage. The kind of the
 * previous instruction is tried first: in runs of equal keywords (a file of RUN lines) no key is made.
 */
export class InstructionMaker {
  private last: InstructionKind | undefined;
  private readonly kinds = new Map<string, InstructionKind>();

  constructor(private readonly source: string) {}

  /** `details` must give endLine and rawEnd when the instruction is over several lines. */
  make(keyword: string, form: 'exec' | 'shell', stageIndex: number, stageName: string | undefined, args: string, startLine: number, rawStart: number, details: InstructionDetails | undefined): DockerfileInstruction {
    return new ParsedInstruction(this.kindOf(keyword, form, stageIndex, stageName), args, startLine, rawStart, details);
  }

  /** The stage's name is that of its index in one parse, so it is not part of the key. */
  private kindOf(keyword: string, form: 'exec' | 'shell', stageIndex: number, stageName: string | undefined): InstructionKind {
    const last = this.last;
    if (last && last.keyword === keyword && last.form === form && last.stageIndex === stageIndex) return last;
    // Keywords are letters only: no two kinds meet on one key.
    const key = `${stageIndex} ${form} ${keyword}`;
    let kind = this.kinds.get(key);
    if (!kind) {
      kind = Object.freeze({ source: this.source, keyword, form, stageIndex, stageName });
      this.kinds.set(key, kind);
    }
    this.last = kind;
    return kind;
  }
}
