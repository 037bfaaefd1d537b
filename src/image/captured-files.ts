import type { CapturePredicate } from '../archive/layer-scan.js';
import { normalizeConfig } from './config.js';
import type { ImageConfig } from './model.js';

/**
 * The few files whose content base-image identification reads. The image model keeps tar headers only;
 * these are kept in full by the layer scan (each is small: os-release is a few hundred bytes, a dpkg
 * status file rarely passes 2 MB). Paths are image-relative, as the layer scan names them.
 */
export const IDENTITY_FILES = new Set([
  'etc/os-release',
  'usr/lib/os-release',
  'etc/alpine-release',
  'etc/debian_version',
  'etc/lsb-release',
  'etc/redhat-release',
  'etc/system-release',
  'var/lib/dpkg/status',
  'lib/apk/db/installed',
  'usr/lib/apk/db/installed',
  // Runtime version files: Go's toolchain, the JDK release file, Node's header with the version macros.
  'usr/local/go/VERSION',
  'opt/java/openjdk/release',
  'usr/local/include/node/node_version.h',
]);

/** busybox prints its version only from inside the binary; it is small enough (about 1-2 MB) to keep whole. */
const BUSYBOX_PATHS = new Set(['bin/busybox', 'usr/bin/busybox']);

/** Enough of an executable to read the ELF header, the program headers and the interpreter path, or a `#!` line. */
export const BINARY_HEAD_BYTES = 64 * 1024;

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function stripSlash(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The PATH the image's processes run with (Env, or the engine's default). */
export function searchPath(config: ImageConfig): string[] {
  const entry = config.Env.find((e) => e.startsWith('PATH='));
  return (entry ? entry.slice(5) : DEFAULT_PATH).split(':').filter(Boolean).map(stripSlash);
}

/**
 * The commands the image starts: ENTRYPOINT's first word, and CMD's first word too (an entrypoint script
 * usually `exec`s the CMD, as `docker-entrypoint.sh node server.js` does). `sh -c '…'` adds nothing.
 */
export function startCommands(config: ImageConfig): string[] {
  const commands: string[] = [];
  const entry = config.Entrypoint?.[0];
  const cmd = config.Cmd?.[0];
  if (entry) commands.push(entry);
  if (cmd && (!entry || !/^-/.test(cmd))) commands.push(cmd);
  return [...new Set(commands)].filter((c) => c && !/\s/.test(c));
}

/** Where a command may live: itself when absolute, else each PATH directory (plus `./` relative to WorkingDir). */
export function commandCandidates(command: string, config: ImageConfig): string[] {
  if (command.startsWith('/')) return [stripSlash(command)];
  if (command.includes('/')) return [stripSlash(`${config.WorkingDir ?? ''}/${command}`.replace(/\/\.\//g, '/'))];
  return searchPath(config).map((dir) => (dir ? `${dir}/${command}` : command));
}

/**
 * The capture predicate the image loader uses by default: the identity files, distroless's per-package
 * status files, busybox, and the first 64 KiB of every file the entrypoint may resolve to. Symlinks cannot
 * be followed while one layer is read, so siblings named like the command with a version suffix
 * (`python3` → `python3.12`) are kept too.
 */
export function baseCapturePredicate(rawConfig: Record<string, unknown>): CapturePredicate {
  const config = normalizeConfig(rawConfig);
  const exact = new Set<string>();
  const prefixes: { dir: string; name: string }[] = [];
  for (const command of startCommands(config)) {
    // Merged-/usr distributions (Debian 12, Ubuntu, Fedora) make /bin a symlink to usr/bin: the tar stores
    // /bin/bash as usr/bin/bash, and a symlink cannot be followed while one layer is read.
    const merged = commandCandidates(command, config).flatMap((c) => (/^s?bin\//.test(c) ? [c, `usr/${c}`] : [c]));
    for (const candidate of new Set(merged)) {
      exact.add(candidate);
      const slash = candidate.lastIndexOf('/');
      prefixes.push({ dir: slash === -1 ? '' : candidate.slice(0, slash), name: candidate.slice(slash + 1) });
    }
  }
  // This runs on every file of every layer while it is read: no string is cut from the path unless one of
  // the cheap tests has already matched.
  const siblings = prefixes.map((p) => ({ start: p.dir ? `${p.dir}/${p.name}` : p.name, slash: p.dir ? p.dir.length : -1 }));
  return (path: string) => {
    if (IDENTITY_FILES.has(path) || BUSYBOX_PATHS.has(path)) return true;
    if (path.startsWith('var/lib/dpkg/status.d/') && !path.endsWith('.md5sums')) return true;
    if (path.startsWith('usr/lib/jvm/') && /^usr\/lib\/jvm\/[^/]+\/release$/.test(path)) return true;
    if (exact.has(path)) return BINARY_HEAD_BYTES;
    for (const s of siblings) {
      // Same directory (its last slash where the candidate's is), name starting like the command, then a version.
      if (path.startsWith(s.start) && path.length > s.start.length && path.lastIndexOf('/') === s.slash && /[.\-\d]/.test(path[s.start.length]!)) return BINARY_HEAD_BYTES;
    }
    return false;
  };
}
