/** `--format NAME[=FILE]` (repeatable, comma-separated): which reports to write, and where. */
import { UsageError } from '../errors.js';

export interface NamedFormatTarget<Name extends string> {
  format: Name;
  /** Undefined: stdout (or --output). */
  file?: string;
}

/** At most one target goes to stdout/--output; the others name their file after `=`. Nothing given: text. */
export function parseNamedFormatTargets<Name extends string>(format: string | string[] | undefined, output: string | undefined, names: readonly Name[]): NamedFormatTarget<Name>[] {
  const specs = (Array.isArray(format) ? format : [format ?? 'text']).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const targets = specs.map((spec): NamedFormatTarget<Name> => {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const file = eq < 0 ? undefined : spec.slice(eq + 1);
    if (!(names as readonly string[]).includes(name)) throw new UsageError(`--format: unknown format "${name}" (choose from ${names.join(', ')})`);
    if (file === '') throw new UsageError(`--format ${spec}: name a file after "="`);
    return { format: name as Name, file };
  });
  const toDefault = targets.filter((t) => t.file === undefined);
  if (toDefault.length > 1) throw new UsageError(`--format: only one format can go to ${output ? '--output' : 'stdout'}; write the others with FORMAT=FILE`);
  if (toDefault.length === 1 && output) toDefault[0].file = output;
  if (targets.length === 0) return [{ format: 'text' as Name, file: output }];
  return targets;
}
