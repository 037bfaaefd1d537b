import { defineRule } from '../src/lint/rule.js';
import { finalFiles, select, ownFilesByLayer, plural } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';

const DOCS = /^usr\/(?:local\/)?share\/(?:doc|man|info|gtk-doc|help)\//;
const LOCALES = /^usr\/(?:local\/)?share\/locale\/|^usr\/lib\/locale\//;
/** Debian policy requires the copyright files; they are tiny and stay. */
const KEEP = /^usr\/share\/doc\/[^/]+\/copyright$/;
/** Below this per layer the fix is not worth a line in the Dockerfile. */
export const MIN_DOCS_BYTES = 64 * 1024;

export default defineRule({
  id: 'docs-and-locales',
  category: 'bloat',
  severity: 'info',
  description: 'man pages, package docs or locales of measurable size ship in the image',
  docs: {
    why: 'Packages install manuals, changelogs, info pages and translations that a container never shows anyone. On Debian-based images they are often 10-30% of what apt installs. Keep them out with dpkg path excludes (or delete them in the same RUN), or use a slim base.',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*',
    good: "RUN printf 'path-exclude /usr/share/doc/*\\npath-include /usr/share/doc/*/copyright\\npath-exclude /usr/share/man/*\\npath-exclude /usr/share/locale/*\\n' > /etc/dpkg/dpkg.cfg.d/01-nodoc \\\n && apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*",
  },
  check(ctx, report) {
    const files = select(finalFiles(ctx), (f) => (DOCS.test(f.path) || LOCALES.test(f.path)) && !KEEP.test(f.path));
    for (const group of ownFilesByLayer(ctx, files, MIN_DOCS_BYTES)) {
      const docs = group.files.filter((f) => DOCS.test(f.path)).reduce((s, f) => s + f.entry.size, 0);
      const locales = group.bytes - docs;
      const parts = [docs ? `${formatBytes(docs)} of docs and man pages` : '', locales ? `${formatBytes(locales)} of locales` : ''].filter(Boolean);
      report({
        message: `layer ${group.layerIndex} ships ${parts.join(' and ')} (${plural(group.paths.length, 'file')}, ${formatBytes(group.bytes)})`,
        layerIndex: group.layerIndex,
        instruction: group.instruction,
        paths: group.paths,
        bytes: group.bytes,
        fix: group.instruction?.startsWith('RUN ')
          ? `${group.instruction} && rm -rf /usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/locale/*`
          : 'exclude docs and locales with a dpkg path-exclude file before installing, or delete them in the RUN that installs them',
      });
    }
  },
});
