import type { InstallRequest } from '../src/lint/package-commands.js';
import { defineRule } from '../src/lint/rule.js';
import { at, sourceInstalls } from '../src/lint/source-helpers.js';

/** True when a package argument names a version (or is a file, URL or path, which is a version of its own). */
function pinned(manager: InstallRequest['manager'], pkg: string): boolean {
  if (pkg.includes('$') || /^(\.{0,2}\/|https?:|git\+|file:)/.test(pkg) || /\.(deb|rpm|apk|whl|tar\.gz|tgz|zip|gem)$/.test(pkg)) return true;
  switch (manager) {
    case 'apt': return pkg.includes('=');
    case 'apk': return /[=~<>]/.test(pkg);
    case 'pip': return /(==|>=|<=|~=|!=|<|>|@)/.test(pkg) || pkg === '.';
    // `@scope/name` needs a second @; `name@latest` names no version.
    case 'npm': return /^@?[^@]+@(?!latest$|next$).+/.test(pkg) || /^[a-z0-9-]+\/[a-z0-9-]+(#.*)?$/i.test(pkg);
    case 'gem': return /:/.test(pkg);
    default: return /[=<>]|-\d/.test(pkg);
  }
}

const EXAMPLES: Record<string, string> = {
  apt: 'apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5',
  apk: 'apk add --no-cache curl=8.5.0-r0',
  pip: 'pip install --no-cache-dir flask==3.0.0 (or -r requirements.txt with pinned versions)',
  npm: 'npm install left-pad@1.3.0 (or npm ci with a lockfile)',
  gem: 'gem install rails:7.1.3',
};

export default defineRule({
  id: 'pin-package-versions',
  category: 'hygiene',
  severity: 'warning',
  description: 'packages installed without a version (apt, apk, pip, npm, gem): rebuilds install whatever is newest that day',
  hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028'],
  docs: {
    why: 'An install without versions gives a different image on every rebuild: a new upstream release can break the build or the app with no change to the Dockerfile, and two images built from one commit differ. Pin the versions (or install from a lockfile), and bump them on purpose.',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*',
  },
  checkSource(dockerfile, report) {
    for (const { ins, request } of sourceInstalls(dockerfile)) {
      if (!(request.manager in EXAMPLES)) continue;
      const loose = request.packages.filter((p) => !pinned(request.manager, p));
      if (loose.length === 0) continue;
      report({
        message: `${request.manager} installs ${loose.slice(0, 6).join(', ')}${loose.length > 6 ? ` and ${loose.length - 6} more` : ''} without a version`,
        ...at(ins),
        fix: EXAMPLES[request.manager],
      });
    }
  },
});
