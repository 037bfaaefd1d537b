import type { InstallRequest } from '../src/lint/package-commands.js';
import { defineRule, type BuiltImageFacts } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { sourceInstalls } from '../src/lint/source-runs.js';

/** pip's version-control schemes (pip's VCS support): `git+https://...@tag` names a version, without `@` it does not. */
const PIP_VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/;
/** npm's git sources: pinned by a `#commit` or `#semver:` suffix. */
const NPM_GIT = /^git(\+(ssh|https?))?:\/\//;

/** True when a package argument names a version (or is a file, URL or path, which is a version of its own). */
function pinned(manager: InstallRequest['manager'], pkg: string): boolean {
  if (pkg.includes('$')) return true;
  // A repository without a ref installs whatever its default branch is that day.
  if (manager === 'pip' && PIP_VCS.test(pkg)) return pkg.slice(pkg.indexOf('//') + 2).includes('@');
  if (manager === 'npm' && NPM_GIT.test(pkg)) return pkg.includes('#');
  if (/^(\.{0,2}\/|~\/|https?:|file:)/.test(pkg) || /\.(deb|rpm|apk|whl|tar|tar\.gz|tgz|zip|gem)$/.test(pkg)) return true;
  switch (manager) {
    case 'apt': return pkg.includes('=');
    case 'apk': return /[=~<>]/.test(pkg);
    // A path into the build context (`vendor/lib`) is a local package, as `./vendor/lib` is.
    case 'pip': return /(==|>=|<=|~=|!=|<|>|@)/.test(pkg) || pkg === '.' || pkg.includes('/');
    // `@scope/name` needs a second @; `name@latest` names no version; `user/repo` needs a `#ref`.
    case 'npm': return /^@?[^@]+@(?!latest$|next$).+/.test(pkg) || /^[a-z0-9-]+\/[a-z0-9-]+#.+$/i.test(pkg);
    case 'gem': return /:/.test(pkg);
    default: return /[=<>]|-\d/.test(pkg);
  }
}

/** How each manager writes an install, and a pinned package. */
const PINNING: Record<string, { install: string; pin: (name: string, version: string) => string; db?: 'dpkg' | 'apk'; note?: string }> = {
  apt: { install: 'apt-get install -y --no-install-recommends', pin: (n, v) => `${n}=${v}`, db: 'dpkg' },
  apk: { install: 'apk add --no-cache', pin: (n, v) => `${n}=${v}`, db: 'apk' },
  pip: { install: 'pip install --no-cache-dir', pin: (n, v) => `${n}==${v}`, note: ' (or -r requirements.txt with pinned versions)' },
  npm: { install: 'npm install', pin: (n, v) => `${n}@${v}`, note: ' (or npm ci with a lockfile)' },
  gem: { install: 'gem install', pin: (n, v) => `${n}:${v}` },
};

/** The package name in an argument that names no usable version (`typescript@latest` → typescript). */
function bareName(manager: string, pkg: string): string {
  if (manager === 'npm') return pkg.replace(/^(@?[^@]+)@.*$/, '$1');
  return pkg.replace(/[=<>~!].*$/, '').replace(/:\S+$/, '');
}

/**
 * The install with every loose package pinned: to the version the built image has when its package
 * database is known (apt from dpkg's status, apk from its installed db), else to a `<version>` placeholder.
 */
function pinnedInstall(manager: string, loose: string[], built: BuiltImageFacts | undefined): string {
  const way = PINNING[manager];
  const versions = way.db && built?.installed?.manager === way.db ? built.installed.versions : undefined;
  const pins = loose.map((pkg) => {
    const name = bareName(manager, pkg);
    return way.pin(name, versions?.get(name) ?? '<version>');
  });
  const source = versions ? ' (the versions in the built image)' : '';
  return `${way.install} ${pins.join(' ')}${source}${way.note ?? ''}`;
}

export default defineRule({
  id: 'pin-package-versions',
  category: 'hygiene',
  severity: 'warning',
  description: 'packages installed without a version (apt, apk, pip, npm, gem): rebuilds install whatever is newest that day',
  hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028'],
  docs: {
    why: 'An install without versions gives a different image on every rebuild: a new upstream release can break the build or the app with no change to the Dockerfile, and two images built from one commit differ. Pin the versions (or install from a lockfile), and bump them on purpose. With the built image (`analyze IMAGE --dockerfile FILE`) the fix names the versions its package database has.',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*',
  },
  checkSource(dockerfile, report, built) {
    for (const { ins, request } of sourceInstalls(dockerfile)) {
      if (!(request.manager in PINNING)) continue;
      // pip -c constraints.txt: the versions come from the constraints file.
      if (request.manager === 'pip' && request.options.some((o) => /^(-c|--constraint)(=|$)/.test(o))) continue;
      const loose = request.packages.filter((p) => !pinned(request.manager, p));
      if (loose.length === 0) continue;
      // Deferred: one finding per install line can be hundreds of thousands; past the cap only the line counts.
      report({
        line: ins.startLine,
        endLine: ins.endLine,
        build: () => ({
          message: `${request.manager} installs ${loose.slice(0, 6).join(', ')}${loose.length > 6 ? ` and ${loose.length - 6} more` : ''} without a version`,
          ...at(ins),
          fix: pinnedInstall(request.manager, loose, built),
        }),
      });
    }
  },
});
