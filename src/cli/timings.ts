/**
 * `TSIMAGE_TIMINGS=1`: one line on stderr at exit with the wall time of each phase of a command (start-up,
 * reading, analysis, rules, reports) and the process's resident memory as the phase ended, so a user or the
 * bench can see where a run's time and memory go without a profiler. Off by default, when it costs one
 * boolean test per phase.
 */
const enabled = process.env.TSIMAGE_TIMINGS === '1';
const marks: [name: string, ms: number, rssBytes: number][] = [];
let last = 0;

/** Ends the phase that ran since the previous mark (or since the process started) and names it. */
export function markPhase(name: string): void {
  if (!enabled) return;
  const now = performance.now();
  marks.push([name, now - last, process.memoryUsage.rss()]);
  last = now;
}

if (enabled) {
  process.on('exit', () => {
    const total = performance.now();
    process.stderr.write(`timings: ${marks.map(([name, ms, rss]) => `${name} ${(ms / 1000).toFixed(3)} s (${Math.round(rss / 2 ** 20)} MiB)`).join(', ')}; total ${(total / 1000).toFixed(3)} s\n`);
  });
}
