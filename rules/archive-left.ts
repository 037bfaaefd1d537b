import { defineRule } from '../src/lint/rule.js';
import { finalFiles, select, listPaths, ownFilesByLayer, plural } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { cacheOf } from './package-cache-left.js';
import { words } from '../src/lint/rule-helpers.js';
import { wildcardMatch } from '../src/lint/wildcard.js';
import { at } from '../src/lint/source-helpers.js';
import { shippedRuns } from '../src/lint/source-runs.js';

export const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|tar\.zst|tzst|zip|7z|rar|deb|rpm|apk|whl|gem)$/i;
// Where archives are data the software reads, not leftovers: language package stores and bundled test data.
/**
 * A word is a slice of its command, so one that ARCHIVE accepts leaves `.tar`, `.zip`, `.deb`... in the
 * command: without one, the command's words need not be split (every apt-get install is an UNPACKS).
 */
export const MAY_NAME_ARCHIVE = /\.(?:tar|tgz|txz|tbz|tzst|zip|7z|rar|deb|rpm|apk|whl|gem)/i;
const LEGITIMATE = /(^|\/)(node_modules|site-packages|dist-packages|\.m2|\.gradle|jmods|gems\/[^/]+\/gems)\//;

export default defineRule({
  id: 'archive-left',
  category: 'bloat',
  severity: 'warning',
  description: 'a tarball, zip, .deb or .rpm was left in the final filesystem after being unpacked or installed',
  hadolint: ['DL3010'],
  docs: {
    why: 'Downloaded archives are usually unpacked or installed and then no longer needed, but if they are not deleted in the same RUN they ship in the image, often doubling the size of what they contain. Download, unpack and delete in one RUN, pipe the download into tar, or unpack in a build stage.',
    bad: 'RUN wget -q https://example.com/tool.tar.gz && tar -xzf tool.tar.gz -C /opt',
    good: 'RUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /opt',
  },
  check(ctx, report) {
    const archives = select(finalFiles(ctx), (f) => f.entry.size > 0 && ARCHIVE.test(f.path) && !LEGITIMATE.test(f.path)
      // A .deb in apt's cache is package-cache-left's finding, with the same bytes.
      && !cacheOf(f.path));
    for (const group of ownFilesByLayer(ctx, archives)) {
      report({
        message: `${formatBytes(group.bytes)} in ${plural(group.paths.length, 'archive')} left by layer ${group.layerIndex}: ${listPaths(group.paths)}`,
        layerIndex: group.layerIndex,
        instruction: group.instruction,
        paths: group.paths,
        bytes: group.bytes,
        fix: group.instruction?.startsWith('RUN ')
          ? `${group.instruction} && rm -f ${group.paths.map((p) => '/' + p).join(' ')}`
          : 'delete the archive in the same RUN that unpacks or installs it (or stream it: curl ... | tar -x)',
      });
    }
  },
  checkSource(dockerfile, report) {
    // An archive file the RUN unpacks or installs (tar -xf F, unzip F, dpkg -i F, ...) and never removes.
    const UNPACKS = /^(tar\b|unzip\b|7z\b|dpkg\s+-i\b|rpm\s+-[iU]|apt(-get)?\s+install\b|pip3?\s+install\b|gem\s+install\b|apk\s+add\b)/;
    for (const { ins, commands } of shippedRuns(dockerfile)) {
      // Both made only when the RUN unpacks an archive: most RUNs do not, and this runs on every one.
      let removed: string[] | undefined;
      let left: Set<string> | undefined;
      for (const { text: command } of commands) {
        // The archive test first: it is one scan, and nearly every command names no archive.
        if (!MAY_NAME_ARCHIVE.test(command) || !UNPACKS.test(command.startsWith('sudo') ? command.replace(/^sudo\s+/, '') : command)) continue;
        for (const word of words(command)) {
          const file = word.replace(/^-[a-zA-Z]*f/, '');
          if (!ARCHIVE.test(file) || /^https?:/.test(file) || LEGITIMATE.test(file)) continue;
          const base = file.slice(file.lastIndexOf('/') + 1);
          removed ??= commands.filter((c) => /^(rm|unlink)\b/.test(c.text)).flatMap((c) => words(c.text));
          if (removed.some((r) => r === file || r.endsWith('/' + base) || r === base || (r.includes('*') && wildcardMatch(r, file)))) continue;
          (left ??= new Set()).add(file);
        }
      }
      if (!left) continue;
      const files = [...left];
      report({
        message: `this RUN unpacks or installs ${files.join(', ')} and does not delete ${files.length === 1 ? 'it' : 'them'}: the archive ships in the layer`,
        ...at(ins),
        fix: `add && rm -f ${files.join(' ')} to the same RUN, or stream it: curl -fsSL <url> | tar -x`,
      });
    }
  },
});
