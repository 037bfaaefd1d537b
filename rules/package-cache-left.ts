import { defineRule } from '../src/lint/rule.js';
import { finalFiles, ownFilesByLayer, type FinalFile } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/report/bytes.js';

/** Package-manager caches: where they live and how to avoid them. */
export const PACKAGE_CACHES: { name: string; match: RegExp; fix: string }[] = [
  { name: 'apt archives', match: /^var\/cache\/apt\/(archives\/.+\.deb|[^/]+\.bin)$/, fix: 'apt-get clean (or rm -rf /var/cache/apt/archives/*.deb) in the same RUN' },
  { name: 'apk cache', match: /^(var\/cache\/apk|etc\/apk\/cache)\/.+/, fix: 'apk add --no-cache' },
  { name: 'yum cache', match: /^var\/cache\/yum\/.+/, fix: 'yum clean all && rm -rf /var/cache/yum in the same RUN' },
  { name: 'dnf cache', match: /^var\/cache\/(dnf|libdnf5)\/.+/, fix: 'dnf clean all in the same RUN' },
  { name: 'zypper cache', match: /^var\/cache\/zypp\/.+/, fix: 'zypper clean --all in the same RUN' },
  { name: 'pip cache', match: /(^|\/)\.cache\/pip\/.+/, fix: 'pip install --no-cache-dir' },
  { name: 'npm cache', match: /(^|\/)\.npm\/(_cacache|_npx)\/.+/, fix: 'npm ci && npm cache clean --force in the same RUN, or RUN --mount=type=cache,target=/root/.npm' },
  { name: 'yarn cache', match: /(^|\/)(\.cache\/yarn|\.yarn\/cache|\.yarn-cache|share\/\.cache\/yarn)\/.+/, fix: 'yarn install && yarn cache clean in the same RUN' },
  { name: 'go build cache', match: /(^|\/)\.cache\/go-build\/.+/, fix: 'build in a separate stage, or RUN --mount=type=cache,target=/root/.cache/go-build' },
  { name: 'composer cache', match: /(^|\/)\.composer\/cache\/.+|(^|\/)\.cache\/composer\/.+/, fix: 'composer install --no-cache' },
  { name: 'gem cache', match: /(^|\/)gems\/[^/]+\/cache\/.+\.gem$/, fix: 'gem install --no-document && rm -rf the gem cache, or bundle install in a build stage' },
];

export function cacheOf(path: string): (typeof PACKAGE_CACHES)[number] | undefined {
  return PACKAGE_CACHES.find((c) => c.match.test(path));
}

export default defineRule({
  id: 'package-cache-left',
  category: 'bloat',
  severity: 'warning',
  description: 'a package manager cache (apt, apk, yum, dnf, pip, npm, yarn, ...) was left in the image',
  hadolint: ['DL3019', 'DL3032', 'DL3040', 'DL3042', 'DL3060'],
  docs: {
    why: 'Package managers keep downloaded packages and metadata in a cache. Nothing reads it at run time, yet it ships with every pull. Turn the cache off, clean it in the same RUN, or use a BuildKit cache mount.',
    bad: 'RUN pip install -r requirements.txt',
    good: 'RUN pip install --no-cache-dir -r requirements.txt',
  },
  check(ctx, report) {
    const byCache = new Map<string, FinalFile[]>();
    for (const file of finalFiles(ctx)) {
      const cache = cacheOf(file.path);
      if (!cache) continue;
      byCache.set(cache.name, [...(byCache.get(cache.name) ?? []), file]);
    }
    for (const cache of PACKAGE_CACHES) {
      for (const group of ownFilesByLayer(ctx, byCache.get(cache.name) ?? [])) {
        report({
          message: `${formatBytes(group.bytes)} of ${cache.name} (${group.paths.length} file${group.paths.length === 1 ? '' : 's'}) left by layer ${group.layerIndex}`,
          layerIndex: group.layerIndex,
          instruction: group.instruction,
          paths: group.paths,
          bytes: group.bytes,
          fix: cache.fix,
        });
      }
    }
  },
});
