/**
 * Runs the built CLI on a pseudo-terminal of a given width (util-linux `script`), as a person would see it:
 * the README's sample report and the terminal tests both read it this way.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function scriptUnavailable(): string | undefined {
  return spawnSync('script', ['--version']).error ? 'util-linux `script` is not installed (apt-get install bsdutils): no pseudo-terminal' : undefined;
}

/**
 * stdout with its colour codes, lines ending in \n; stderr (progress, notes) is dropped. The environment's
 * colour settings are cleared unless `env` sets them, so the terminal alone decides.
 */
export function runInTerminal(args: string[], columns: number, env: Record<string, string> = {}): { code: number | null; out: string } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const bin = `${repoRoot}dist/src/cli/bin.js`;
  const command = `stty cols ${columns} rows 100; exec ${quote(process.execPath)} ${quote(bin)} ${args.map(quote).join(' ')} 2>/dev/null`;
  const base: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'COLUMNS']) if (!(name in env)) delete base[name];
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, env: base, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { code: run.status, out: run.stdout.replace(/\r\n/g, '\n') };
}
