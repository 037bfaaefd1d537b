/**
 * Every history entry's `created_by` parsed once per image and shared: the secret scan, the reconstruction,
 * the secret-in-env-or-arg rule and the report's own secret scan each parsed every entry again (five parses
 * of each of 100,000 entries on a crafted archive). A shared parse is deep-frozen: a caller that wants to
 * change one copies it (a write to it throws).
 */
import { parseCreatedBy, type ParsedInstruction } from './parse-created-by.js';

type History = readonly { createdBy?: string }[];

const parsesOf = new WeakMap<History, readonly ParsedInstruction[]>();
/** Histories that copy another one's texts (the analysis report's copy of the image's), to that one. */
const originalOf = new WeakMap<History, History>();

/** The parses of `history`, in its order: `parseCreatedBy(entry.createdBy)` with no SHELL known. */
export function historyParses(history: History): readonly ParsedInstruction[] {
  const original = originalOf.get(history) ?? history;
  let parses = parsesOf.get(original);
  if (!parses) {
    parses = original.map((h) => deepFreeze(parseCreatedBy(h.createdBy ?? '')));
    parsesOf.set(original, parses);
  }
  return parses;
}

/**
 * Says that `copy` holds the same created_by texts as `original`, in the same order, so it reads the
 * original's parses instead of parsing every entry again. The caller that made the copy says so; nothing
 * is compared.
 */
export function shareHistoryParses(copy: History, original: History): void {
  if (copy.length !== original.length) throw new Error(`shareHistoryParses: the copy has ${copy.length} entries, the original ${original.length}`);
  originalOf.set(copy, original);
}

/** Freezes a parse and everything in it (field by field: a generic walk was a tenth of the analysis). */
function deepFreeze(p: ParsedInstruction): ParsedInstruction {
  if (p.buildArgs) Object.freeze(p.buildArgs);
  if (p.shell) Object.freeze(p.shell);
  if (p.argv) Object.freeze(p.argv);
  if (p.pairs) {
    for (const pair of p.pairs) Object.freeze(pair);
    Object.freeze(p.pairs);
  }
  if (p.sources) Object.freeze(p.sources);
  if (p.flags) Object.freeze(p.flags);
  if (p.healthcheck) {
    if (p.healthcheck.Test) Object.freeze(p.healthcheck.Test);
    Object.freeze(p.healthcheck);
  }
  return Object.freeze(p);
}
