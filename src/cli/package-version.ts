import { readFileSync } from 'node:fs';

/**
 * tsimage's version, from its package.json (three levels above dist/src/cli/ and dist/bundle/cli/ alike).
 * Given to yargs explicitly: left to guess, yargs looks for a package.json upwards from a path that in the
 * bundle is the working directory, so `tsimage rules --version` printed the version of whatever project it
 * ran in (or "unknown"), after a directory walk on every run.
 */
export function packageVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}
