import { posix } from 'node:path';

/** What posix.normalize or the checks below would act on: `.`/`..` components, `//`, a leading `/`, NUL. */
const NOT_PLAIN = /(?:^|\/)\.\.?(?:\/|$)|\/\/|^\/|\0/;

/**
 * The image-relative path of a layer tar entry. `./etc/x` and `etc/x/` are `etc/x`; names that would land
 * outside the root (`../../x`), absolute names and names with NUL are refused: no builder writes them, and
 * a tool that unpacks such a layer can be made to write anywhere.
 */
export function layerEntryPath(name: string): string {
  if (name.length > PATH_MAX_BYTES) refuseIfTooDeep(name);
  // Nearly every name a builder writes is already normal (`usr/bin/x`, `etc/`): one regex says so, and
  // normalizing each of a million names was a tenth of reading the million-file bench image.
  if (!NOT_PLAIN.test(name)) return name.endsWith('/') ? name.slice(0, -1) : name;
  if (name.includes('\0')) throw new HostileEntryError(`hostile entry name with a NUL byte: ${JSON.stringify(name)}`);
  // kaniko writes the root itself as `/`; any other absolute name is refused.
  if (/^\/+(\.\/?)?$/.test(name)) return '';
  if (name.startsWith('/')) throw new HostileEntryError(`hostile entry name (absolute path): ${JSON.stringify(name)}`);
  const trimmed = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  const normalized = posix.normalize(trimmed);
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new HostileEntryError(`hostile entry name escapes the image root: ${JSON.stringify(name)}`);
  }
  return normalized === '.' ? '' : normalized;
}

export class HostileEntryError extends Error {}

/** Linux's PATH_MAX: the engines unpack a layer by full paths, which the kernel refuses past this length. */
const PATH_MAX_BYTES = 4096;
/** The most directories a path of PATH_MAX bytes can nest (one-character names): deeper, no engine unpacks it. */
export const MAX_PATH_DEPTH = PATH_MAX_BYTES / 2;

/**
 * Refuses a name nested deeper than any unpackable path: the analyses walk the tree by depth, and a crafted
 * 20,000-deep name ran them out of stack. Only names longer than PATH_MAX can be that deep, so no other name
 * is counted.
 */
function refuseIfTooDeep(name: string): void {
  let depth = 0;
  for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
    if (slash > 0 && name.charCodeAt(slash - 1) !== 47) depth++;
  }
  if (depth >= MAX_PATH_DEPTH) {
    throw new HostileEntryError(`hostile entry name nested ${depth + 1} levels deep (${name.length} bytes): a path of Linux's PATH_MAX (${PATH_MAX_BYTES} bytes) nests at most ${MAX_PATH_DEPTH}, so no engine can unpack it: ${JSON.stringify(name.slice(0, 60))}…`);
  }
}
