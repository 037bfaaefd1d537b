import { dpkgStatusAt, recommendedOnly } from '../src/lint/dpkg.js';
import { defineRule } from '../src/lint/rule.js';
import { aptSubcommand, isApt, layerFiles, ownRuns, runCommand, simpleCommands, words } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { at, instructionLine } from '../src/lint/source-helpers.js';
import { isAptCommand, shippedRuns } from '../src/lint/source-runs.js';
import { insertAfterSubcommand } from '../src/lint/apt-fix-edits.js';

/** The package names an `apt-get install` line asks for, without version, release or arch. */
function requestedPackages(simpleCommand: string): string[] {
  const ws = words(simpleCommand);
  const at = ws.findIndex((w) => w === aptSubcommand(simpleCommand));
  return ws.slice(at + 1).filter((w) => !w.startsWith('-') && !w.includes('$') && /^[a-z0-9]/.test(w)).map((w) => w.replace(/[=/].*$/, '').replace(/:[a-z0-9]+$/, ''));
}

const NO_RECOMMENDS = /--no-install-recommends|APT::Install-Recommends=(?:false|0|"false")/i;

export default defineRule({
  id: 'apt-no-install-recommends',
  category: 'bloat',
  severity: 'warning',
  description: 'apt-get install without --no-install-recommends installed recommended packages nobody asked for',
  hadolint: ['DL3015'],
  docs: {
    why: 'By default apt also installs every package the requested ones merely recommend: documentation tools, extra libraries, sometimes whole language runtimes. They are rarely needed in a container and routinely add tens of megabytes.',
    bad: 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
  },
  check(ctx, report) {
    for (const run of ownRuns(ctx)) {
      if (run.layerIndex === undefined) continue;
      const installs = simpleCommands(runCommand(run)).filter((c) => isApt(c, 'install') && !NO_RECOMMENDS.test(c));
      if (installs.length === 0) continue;
      // Judge from the layer: dpkg's status database before and after says what the install really added.
      const before = run.layerIndex > 0 ? dpkgStatusAt(ctx.image, run.layerIndex - 1) : new Map();
      const after = layerFiles(ctx, run.layerIndex).some((e) => e.path === 'var/lib/dpkg/status') ? dpkgStatusAt(ctx.image, run.layerIndex) : undefined;
      if (!before || !after) continue;
      const extra = recommendedOnly(before, after, installs.flatMap(requestedPackages));
      if (extra.length === 0) continue;
      const bytes = extra.reduce((s, p) => s + p.installedBytes, 0);
      const names = extra.map((p) => p.name);
      const lists = layerFiles(ctx, run.layerIndex).map((e) => e.path);
      const evidence = names.map((n) => lists.find((p) => p === `var/lib/dpkg/info/${n}.list` || (p.startsWith(`var/lib/dpkg/info/${n}:`) && p.endsWith('.list'))) ?? `var/lib/dpkg/info/${n}.list`);
      report({
        message: `layer ${run.layerIndex} installed ${extra.length} package${extra.length === 1 ? '' : 's'} only because they are recommended (${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}): ${formatBytes(bytes)} by dpkg's Installed-Size`,
        layerIndex: run.layerIndex,
        instruction: run.text,
        paths: evidence,
        bytes,
        fix: run.text.replace(/\b(apt-get|apt)(\s+(?:-\S+\s+)*)install\b/g, '$1$2install --no-install-recommends'),
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const { ins, commands } of shippedRuns(dockerfile)) {
      const installs = commands.filter((c) => isAptCommand(c, 'install') && !NO_RECOMMENDS.test(c.text));
      if (installs.length === 0) continue;
      // Deferred: one finding per install line can be hundreds of thousands; past the cap only the line counts.
      report({
        line: ins.startLine,
        endLine: ins.endLine,
        build: () => {
          // Unsafe: fewer packages get installed, and the app may have needed one of the recommended ones.
          const edits = insertAfterSubcommand(ins, ['install'], '--no-install-recommends', (command) => !NO_RECOMMENDS.test(command));
          return {
            message: `apt-get install without --no-install-recommends (${installs.flatMap((c) => requestedPackages(c.text)).slice(0, 5).join(', ') || 'packages'}): recommended packages come too`,
            ...at(ins),
            fix: instructionLine(ins).replace(/\b(apt-get|apt)(\s+(?:-\S+\s+)*)install\b/g, '$1$2install --no-install-recommends'),
            ...(edits.length ? { autofix: { safety: 'unsafe' as const, description: 'add --no-install-recommends to apt-get install', edits } } : {}),
          };
        },
      });
    }
  },
});
