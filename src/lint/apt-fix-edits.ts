/**
 * Edits inside the apt commands of a RUN, shared by the apt rules' fixes: where `apt`/`apt-get` is
 * called, and how to add an option right after its subcommand (`install -y`, `install --no-install-recommends`).
 */
import type { DockerfileInstruction } from '../dockerfile/parse.js';
import { COMMAND_POSITION, commandMatches, rawEdit, type TextEdit } from './source-fix.js';

/** `apt-get` or `apt` where a command starts. Group 1 is the tool. */
const APT_CALL = new RegExp(`${COMMAND_POSITION}(apt-get|apt)(?=\\s)`, 'g');

export interface AptCall {
  /** Offsets of the tool name (`apt` / `apt-get`) in the instruction's raw text. */
  start: number;
  end: number;
  tool: 'apt' | 'apt-get';
  /** The subcommand (`install`), when it is on the same line. */
  subcommand?: string;
  /** Offset in raw right after the subcommand. */
  subcommandEnd?: number;
  /** The simple command from the tool to its end (quoted text blanked). */
  command: string;
}

export function aptCalls(ins: DockerfileInstruction): AptCall[] {
  if (ins.keyword !== 'RUN' || ins.form !== 'shell') return [];
  return commandMatches(ins, APT_CALL).map(({ start, end, match, command }) => {
    // Options before the subcommand (`apt-get -q -y install`); a quoted option value keeps us from guessing.
    const after = /^((?:\s+-[^\s"']+)*\s+)([a-z][a-z-]*)(?=[\s;&|)]|$)/.exec(ins.raw.slice(end));
    return {
      start, end, tool: match[1] as 'apt' | 'apt-get', command,
      ...(after ? { subcommand: after[2], subcommandEnd: end + after[0].length } : {}),
    };
  });
}

/** Inserts ` option` after the subcommand of each call of `subcommands` that `needs` it. */
export function insertAfterSubcommand(ins: DockerfileInstruction, subcommands: readonly string[], option: string, needs: (command: string) => boolean): TextEdit[] {
  return aptCalls(ins)
    .filter((c) => c.subcommand !== undefined && subcommands.includes(c.subcommand) && needs(c.command))
    .map((c) => rawEdit(ins, c.subcommandEnd!, c.subcommandEnd!, ` ${option}`));
}
