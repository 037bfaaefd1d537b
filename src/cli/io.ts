import chalk from 'chalk';
import { appendFile, open, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR wins, as in Node itself. chalk ignores NO_COLOR. */
export function configureColor(argv: string[], env: NodeJS.ProcessEnv = process.env): void {
  if (env.NO_COLOR && !('FORCE_COLOR' in env)) chalk.level = 0;
  if (argv.includes('--no-color')) chalk.level = 0;
}

/** All of stdin as UTF-8 text (a Dockerfile or a list given as `-`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export function log(message: string): void {
  process.stderr.write(message + '\n');
}

/** Progress only when a person watches: stderr is a terminal and this is not a CI job. */
export function progressEnabled(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

export function createProgress(label: string): { update(done: number, total: number): void; end(): void } {
  if (!progressEnabled()) return { update() {}, end() {} };
  let shown = false;
  return {
    update(done, total) {
      shown = true;
      process.stderr.write(`\r${label} ${done}/${total}`);
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/** `append`: for files others write too, such as $GITHUB_STEP_SUMMARY. */
export async function writeOutput(text: string, file: string | undefined, { append = false }: { append?: boolean } = {}): Promise<void> {
  if (!file || file === '-') {
    for (const chunk of chunks(text)) await new Promise<void>((resolve, reject) => process.stdout.write(chunk, (error) => (error ? reject(error) : resolve())));
    return;
  }
  try {
    if (text.length <= CHUNK) {
      await (append ? appendFile : writeFile)(file, text);
      return;
    }
    const handle = await open(file, append ? 'a' : 'w');
    try {
      for (const chunk of chunks(text)) await handle.write(chunk);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new InputError(`cannot write the report (${(error as NodeJS.ErrnoException).code ?? error})`, file);
  }
}

const CHUNK = 1 << 20;

/**
 * A report in 1 MB pieces: written whole, a 140 MB report was encoded into one more 140 MB buffer at the
 * peak of memory. A piece never ends between the two halves of a surrogate pair (each would become U+FFFD).
 */
function* chunks(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}
