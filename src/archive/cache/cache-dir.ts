import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the layer cache lives unless --cache-dir says: `$XDG_CACHE_HOME/tsimage`, else `~/.cache/tsimage` (XDG base directories). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  // The spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg && xdg.startsWith('/')) return join(xdg, 'tsimage');
  return join(env.HOME || homedir(), '.cache', 'tsimage');
}

/** The cache's default bound: entries hold tar headers and a few small files, so this is thousands of layers. */
export const DEFAULT_CACHE_MAX_BYTES = 1024 ** 3;
