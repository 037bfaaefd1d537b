import { defineRule } from '../src/lint/rule.js';
import { finalFiles, ownFilesByLayer, type FinalFile } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { words } from '../src/lint/rule-helpers.js';
import { followedOnLine } from '../src/lint/followed-on-line.js';
import { at, cacheMounted } from '../src/lint/source-helpers.js';
import { shippedRuns } from '../src/lint/source-runs.js';

/** Package-manager caches: where they live and how to avoid them. */
export const PACKAGE_CACHES: { name: string; match: RegExp; fix: string }[] = [
  // `apt-get clean` removes both kinds (apt 2.6); deleting archives/*.deb alone leaves the .bin caches, often most of the bytes.
  { name: 'apt cache', match: /^var\/cache\/apt\/(archives\/.+\.deb|[^/]+\.bin)$/, fix: 'apt-get clean in the same RUN (or rm -rf /var/cache/apt/archives/*.deb /var/cache/apt/*.bin)' },
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

/** The kinds of file a cache holds, where the name alone hides what is in it (apt keeps two). */
const KINDS: { match: RegExp; name: (count: number) => string }[] = [
  { match: /^var\/cache\/apt\/archives\/.+\.deb$/, name: (n) => `downloaded .deb archive${n === 1 ? '' : 's'}` },
  { match: /^var\/cache\/apt\/[^/]+\.bin$/, name: (n) => `package index cache${n === 1 ? '' : 's'}` },
];

/** `41.9 MB in 18 downloaded .deb archives, 78.2 MB package index cache (pkgcache.bin, srcpkgcache.bin)`, or `3 files`. */
function kindsOf(files: FinalFile[]): string {
  const parts: string[] = [];
  const rest = files.filter((f) => !KINDS.some((k) => k.match.test(f.path)));
  for (const kind of KINDS) {
    const mine = files.filter((f) => kind.match.test(f.path));
    if (mine.length === 0) continue;
    const bytes = mine.reduce((sum, f) => sum + f.entry.size, 0);
    const named = mine.length <= 3 ? ` (${mine.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)).join(', ')})` : '';
    parts.push(`${formatBytes(bytes)} in ${mine.length} ${kind.name(mine.length)}${mine.length > 3 ? '' : named}`);
  }
  if (rest.length > 0) parts.push(parts.length ? `${rest.length} other file${rest.length === 1 ? '' : 's'}` : `${rest.length} file${rest.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export function cacheOf(path: string): (typeof PACKAGE_CACHES)[number] | undefined {
  // Every cache above has `cache` in its path but npm's `.npm/_npx`: two substring tests spare eleven
  // regexes for nearly every file (this ran on each of 104k files of the bench image).
  if (!path.includes('cache') && !path.includes('.npm/')) return undefined;
  return PACKAGE_CACHES.find((c) => c.match.test(path));
}

/** `PIP_NO_CACHE_DIR` set to a value pip reads as true (ENV in either form, or inline before the command). */
// What a RUN's commands are tested for: module constants (a literal in the loop is a new RegExp each time;
// has() keeps one answer per test and RUN).
const regexTest = (re: RegExp) => (text: string) => re.test(text);
const NPM_INSTALL = regexTest(/^(\S+=\S+\s+)*npm\s+(ci|install|i)\b/);
const NPM_CACHE_CLEAN = regexTest(/\bnpm\s+cache\s+clean\b/);
const YARN_INSTALL = regexTest(/^(\S+=\S+\s+)*yarn(\s+install)?(\s+-\S+)*\s*$/);
const YARN_CACHE_CLEAN = regexTest(/\byarn\s+cache\s+clean\b/);
/** /\brm\b.*\/var\/cache\/apk/, linear on a long line of `rm`s. */
const APK_CACHE_REMOVED = (text: string) => followedOnLine(text, /\brm\b/g, /\/var\/cache\/apk/g);
const APK_CACHE_CLEAN = regexTest(/\bapk\s+cache\s+clean\b/);
const YUM_CLEAN = regexTest(/\byum\s+clean\s+all\b/);
const YUM_CACHE_REMOVED = regexTest(/\brm\s+(-\w+\s+)*\/var\/cache\/yum\b/);
const DNF_CLEAN = regexTest(/\b(micro)?dnf\s+clean\s+all\b/);
const DNF_CACHE_REMOVED = regexTest(/\brm\s+(-\w+\s+)*\/var\/cache\/(yum|dnf|libdnf5)\b/);
const ZYPPER_CLEAN = regexTest(/\bzypper\s+(clean|cc)\b/);
const PIP_TRUE = /\bPIP_NO_CACHE_DIR(=|\s+)["']?(1|true|on|yes)["']?(\s|$)/i;

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
          message: `${formatBytes(group.bytes)} of ${cache.name} (${kindsOf(group.files)}) left by layer ${group.layerIndex}`,
          layerIndex: group.layerIndex,
          instruction: group.instruction,
          paths: group.paths,
          bytes: group.bytes,
          fix: cache.fix,
        });
      }
    }
  },
  checkSource(dockerfile, report) {
    // ENV PIP_NO_CACHE_DIR / npm_config_cache set anywhere before turn the cache off for every later RUN.
    const envs = dockerfile.instructions.filter((i) => i.keyword === 'ENV').map((i) => ({ line: i.startLine, text: i.arguments }));
    // Read as the RUNs come, in file order (every ENV for every RUN was quadratic on a file of both).
    const npmCacheEnvLine = envs.find((e) => /npm_config_cache/i.test(e.text))?.line;
    // pip reads PIP_NO_CACHE_DIR as a boolean: 1, true, on, yes turn the cache off; 0, false, off do not.
    // The last ENV that sets it before the RUN decides.
    const pipEnvs = envs.filter((e) => /\bPIP_NO_CACHE_DIR\b/.test(e.text));
    let pipEnvsBefore = 0;
    const pipCacheOffBefore = (line: number) => {
      while (pipEnvsBefore < pipEnvs.length && pipEnvs[pipEnvsBefore].line < line) pipEnvsBefore++;
      const last = pipEnvs[pipEnvsBefore - 1];
      return last !== undefined && PIP_TRUE.test(last.text);
    };
    for (const { ins, script, commands } of shippedRuns(dockerfile)) {
      const leaks: { name: string; fix: string }[] = [];
      // Each cleanup test once per RUN, however many install commands ask (per command it was quadratic).
      // A RUN of one command (most, on a generated file) asks it directly: no map per RUN.
      let known: Map<(text: string) => boolean, boolean> | undefined;
      const has = (test: (text: string) => boolean) => {
        if (commands.length === 1) return test(commands[0].text);
        let found = known?.get(test);
        if (found === undefined) {
          found = commands.some((c) => test(c.text));
          (known ??= new Map()).set(test, found);
        }
        return found;
      };
      for (const { text, install: request } of commands) {
        if (!request) continue;
        // Split into words only for the two managers that ask (most installs on a big file are apt).
        const ws = request.manager === 'pip' || request.manager === 'apk' ? words(text) : [];
        if (request.manager === 'pip' && !ws.includes('--no-cache-dir') && !PIP_TRUE.test(script) && !pipCacheOffBefore(ins.startLine) && !cacheMounted(ins, '/root/.cache/pip')) leaks.push({ name: 'pip cache', fix: 'pip install --no-cache-dir' });
        if (request.manager === 'apk' && !ws.includes('--no-cache') && !(has(APK_CACHE_REMOVED) || has(APK_CACHE_CLEAN)) && !cacheMounted(ins, '/var/cache/apk') && !cacheMounted(ins, '/etc/apk/cache')) leaks.push({ name: 'apk cache', fix: 'apk add --no-cache' });
        if (request.manager === 'yum' && !has(YUM_CLEAN) && !has(YUM_CACHE_REMOVED) && !cacheMounted(ins, '/var/cache/yum')) leaks.push({ name: 'yum cache', fix: 'yum clean all && rm -rf /var/cache/yum in the same RUN' });
        if (request.manager === 'dnf' && !has(DNF_CLEAN) && !has(DNF_CACHE_REMOVED) && !cacheMounted(ins, '/var/cache/dnf') && !cacheMounted(ins, '/var/cache/libdnf5')) leaks.push({ name: 'dnf cache', fix: 'dnf clean all in the same RUN' });
        if (request.manager === 'zypper' && !has(ZYPPER_CLEAN) && !cacheMounted(ins, '/var/cache/zypp')) leaks.push({ name: 'zypper cache', fix: 'zypper clean --all in the same RUN' });
      }
      if (has(NPM_INSTALL) && !has(NPM_CACHE_CLEAN) && !/\.npm\b/.test(script) && !(npmCacheEnvLine !== undefined && npmCacheEnvLine < ins.startLine) && !cacheMounted(ins, '/root/.npm')) leaks.push({ name: 'npm cache', fix: 'npm ci && npm cache clean --force in the same RUN, or RUN --mount=type=cache,target=/root/.npm' });
      if (has(YARN_INSTALL) && !has(YARN_CACHE_CLEAN) && !cacheMounted(ins, '/usr/local/share/.cache/yarn')) leaks.push({ name: 'yarn cache', fix: 'yarn install && yarn cache clean in the same RUN' });
      for (const leak of leaks.filter((l, i) => leaks.findIndex((o) => o.name === l.name) === i)) {
        report({ message: `this RUN leaves the ${leak.name} in its layer`, ...at(ins), fix: leak.fix });
      }
    }
  },
});
