import { posix } from 'node:path';

/**
 * The image-relative path of a layer tar entry. `./etc/x` and `etc/x/` are `etc/x`; names that would land
 * outside the root (`../../x`), absolute names and names with NUL are refused: no builder writes them, and
 * a tool that unpacks such a layer can be made to write anywhere.
 */
export function layerEntryPath(name: string): string {
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
