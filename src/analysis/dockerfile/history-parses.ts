/**
 * Every history entry's `created_by` parsed once per image and shared: the secret scan, the reconstruction,
 * the secret-in-env-or-arg rule and the report's own secret scan each parsed every entry again (five parses
 * of each of 100,000 entries on a crafted archive). A shared parse is deep-frozen: a caller that wants to
 * change one copies it (a write to it throws).
 */
import { parseCreatedBy, type ParsedInstruction } from './parse-created-by.js';

type History = readonly { createdBy?: string }[];

const parsesOf = new WeakMap<History, readonly ParsedInstruction[]>();
let lastHistory: WeakRef<History> | undefined;

/** The parses of `history`, in its order: `parseCreatedBy(entry.createdBy)` with no SHELL known. */
export function historyParses(history: History): readonly ParsedInstruction[] {
  let parses = parsesOf.get(history);
  if (parses) return parses;
  // The analysis report's history is a copy of the image's (same created_by strings): same parses.
  const previous = lastHistory?.deref();
  const previousParses = previous && parsesOf.get(previous);
  parses = previousParses && sameTexts(previous, history) ? previousParses : history.map((h) => deepFreeze(parseCreatedBy(h.createdBy ?? '')));
  parsesOf.set(history, parses);
  lastHistory = new WeakRef(history);
  return parses;
}

function sameTexts(a: History, b: History): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i]!.createdBy ?? '') !== (b[i]!.createdBy ?? '')) return false;
  return true;
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
