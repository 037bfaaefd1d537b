/**
 * The CLI as users run it, plus one line on stderr with the process's peak RSS (worker threads included), so
 * the benchmark can report memory without /usr/bin/time.
 */
import { main } from '../src/cli/main.js';

const code = await main(process.argv.slice(2));
process.stderr.write(`tsimage-bench ${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
process.exitCode = code;
