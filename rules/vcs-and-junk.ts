import { defineRule } from '../src/lint/rule.js';
import { finalFiles, listPaths, ownFilesByLayer, plural, severityBySize, type FinalFile } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';

/**
 * Every path junkKind accepts contains one of these: one regex pass rejects nearly every file, where the six
 * tests below took 0.3–0.6 s a million paths.
 */
const MAYBE_JUNK = /\.(git|svn|hg|bzr)\/|__pycache__\/|tmp\/.|\.log|core|\.DS_Store|Thumbs\.db|\.sw[op]$|~$/;

/** What a file is, when it is junk. Language runtimes' own bytecode caches are not. */
export function junkKind(path: string): string | undefined {
  if (!MAYBE_JUNK.test(path)) return undefined;
  if (/(^|\/)\.(git|svn|hg|bzr)\//.test(path)) return 'version control data';
  if (/(^|\/)__pycache__\//.test(path) && !/^usr\/(local\/)?lib\/python|\/(site|dist)-packages\//.test(path)) return 'Python bytecode caches';
  if (/^(var\/)?tmp\/./.test(path)) return 'temporary files';
  if (/\.log$/.test(path) || /^var\/log\/.+\.log(\.\d+)?$/.test(path)) return 'log files';
  if (/(^|\/)core(\.\d+)?$/.test(path)) return 'core dumps';
  if (/(^|\/)(\.DS_Store|Thumbs\.db)$|\.sw[op]$|~$/.test(path)) return 'editor and OS droppings';
  return undefined;
}

export default defineRule({
  id: 'vcs-and-junk',
  category: 'bloat',
  severity: 'warning',
  description: '.git directories, __pycache__, log files, core dumps or files in /tmp ship in the image',
  docs: {
    why: 'Copying the whole build context brings the repository history (.git, often bigger than the code), local bytecode caches and logs; builds leave files in /tmp and logs in /var/log. None is used at run time, and .git can leak history and secrets. Exclude them with .dockerignore and clean /tmp in the RUN that fills it.',
    bad: 'COPY . /app\nRUN make -C /app > /tmp/build.log',
    good: '# .dockerignore: .git  **/__pycache__  *.log\nCOPY . /app\nRUN make -C /app > /tmp/build.log && rm -rf /tmp/*',
  },
  check(ctx, report) {
    const junk: (FinalFile & { kind: string })[] = [];
    for (const file of finalFiles(ctx)) {
      if (file.entry.size === 0) continue;
      const kind = junkKind(file.path);
      if (kind) junk.push({ ...file, kind });
    }
    for (const group of ownFilesByLayer(ctx, junk)) {
      const kinds = [...new Set(group.files.map((f) => junkKind(f.path)!))];
      const vcs = kinds.includes('version control data');
      report({
        message: `${formatBytes(group.bytes)} of ${kinds.join(', ')} (${plural(group.paths.length, 'file')}) left by layer ${group.layerIndex}: ${listPaths(group.paths)}`,
        // Version control data can leak history and secrets whatever its size; the rest is a warning when it weighs.
        severity: vcs ? undefined : severityBySize(group.bytes),
        layerIndex: group.layerIndex,
        instruction: group.instruction,
        paths: group.paths,
        bytes: group.bytes,
        fix: group.instruction?.startsWith('COPY') || group.instruction?.startsWith('ADD') || vcs
          ? 'add .git, **/__pycache__, *.log and other junk to .dockerignore'
          : `delete them in the same RUN that makes them (&& rm -rf ${removalTargets(group.paths).join(' ')})`,
      });
    }
  },
});

/** What `rm -rf` needs to name to remove these files: a directory's `*` when it holds two or more of them. */
function removalTargets(paths: string[]): string[] {
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), p]);
  }
  const targets = [...byDir.entries()].flatMap(([dir, files]) => (files.length > 1 && dir ? [`/${dir}/*`] : files.map((f) => `/${f}`)));
  return targets.length > 6 ? [...targets.slice(0, 6), '...'] : targets;
}
