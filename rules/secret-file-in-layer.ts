import { defineRule } from '../src/lint/rule.js';
import { everyLayerFile, groupBy, instructionText, listPaths, plural, type LayerFile } from '../src/lint/rule-helpers.js';
import type { LayerEntry } from '../src/image/model.js';
import { lastLine, lineEnd } from '../src/lint/line-breaks.js';

/**
 * Every file name secretFileKind could accept matches this, or its path has `credentials` in it (gcloud keeps
 * `legacy_credentials/ACCOUNT/adc.json`); one cheap test spares its eight for most files.
 */
const MAYBE_SECRET_NAME = /^id_|^ssh_host_|key|\.(p12|pfx|jks)$|^\.|^config(\.json)?$|credentials|^service/i;

/** What kind of secret a file name says it holds. Public halves (.pub, certificates) are not secrets. */
export function secretFileKind(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!MAYBE_SECRET_NAME.test(name) && !path.includes('credentials')) return undefined;
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(name)) return 'SSH private key';
  if (/^ssh_host_\w+_key$/.test(name) && path.startsWith('etc/ssh/')) return 'SSH host private key';
  if (/\.(key|p12|pfx|jks|keystore)$/i.test(name) || privateKeyPem(name)) return 'private key or key store';
  if (name === '.npmrc' || name === '.yarnrc.yml' || name === '.pypirc' || name === '.netrc' || name === '.git-credentials' || name === '.dockercfg') return 'credentials file';
  if (/(^|\/)\.docker\/config\.json$/.test(path) || /(^|\/)\.aws\/credentials$/.test(path) || /(^|\/)\.kube\/config$/.test(path) || gcloudCredentials(path)) return 'credentials file';
  if (/^credentials\.json$|^service[-_]?account.*\.json$/i.test(name)) return 'credentials file';
  if (/^\.env(\.[\w-]+)?$/.test(name) && !/\.(example|sample|template|dist|defaults?)$/.test(name)) return '.env file';
  return undefined;
}

/**
 * `/(private|priv)[_-]?key.*\.pem$|key\.pem$/i` without the `.*`: that tried every `privkey` of a long name
 * against the rest of it (quadratic). A `privkey` anywhere before the final `.pem` on its line is the same.
 */
function privateKeyPem(name: string): boolean {
  if (!/\.pem$/i.test(name)) return false;
  if (/key\.pem$/i.test(name)) return true;
  const line = lastLine(name);
  return /(private|priv)[_-]?key/i.test(line.slice(0, line.length - 4));
}

/**
 * `/(^|\/)\.config\/gcloud\/.*credentials/` in one pass: that retried `.*credentials` from every
 * `.config/gcloud/` of a long path. The first such directory on a line sees the most of it, so one per line.
 */
function gcloudCredentials(path: string): boolean {
  const DIR = '.config/gcloud/';
  let credentials = -1;
  for (let from = 0; ;) {
    const at = path.indexOf(DIR, from);
    if (at < 0) return false;
    if (at > 0 && path[at - 1] !== '/') { from = at + 1; continue; }
    const after = at + DIR.length;
    if (credentials < after) credentials = path.indexOf('credentials', after);
    if (credentials < 0) return false;
    const end = lineEnd(path, after);
    if (credentials + 'credentials'.length <= end) return true;
    from = end + 1;
  }
}

/** Places where such names are test fixtures or package internals, not someone's credentials. */
const NOT_SECRETS = /(^|\/)(node_modules|site-packages|dist-packages|tests?|testdata|test-data|fixtures|examples?)\/|^usr\/share\/|^usr\/lib\/(?!.*\.ssh\/)/;

export default defineRule({
  id: 'secret-file-in-layer',
  category: 'security',
  severity: 'error',
  description: 'a private key, .npmrc/.netrc, .env or credentials file is stored in a layer, even if a later layer deletes it',
  docs: {
    why: 'Every layer is a tar anyone with the image can unpack. A key or credentials file copied in and deleted by a later RUN is still there, in the earlier layer. Mount secrets at build time (RUN --mount=type=secret) or keep them out of the context with .dockerignore, and rotate any secret that was ever in an image.',
    bad: 'COPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@example.com:org/repo.git && rm /root/.ssh/id_rsa',
    good: 'RUN --mount=type=ssh git clone git@example.com:org/repo.git',
  },
  check(ctx, report) {
    const found: (LayerFile & { kind: string })[] = [];
    const isSecret = (entry: LayerEntry) => entry.size > 0 && secretFileKind(entry.path) !== undefined && !NOT_SECRETS.test(entry.path);
    for (const file of everyLayerFile(ctx, isSecret)) found.push({ ...file, kind: secretFileKind(file.path)! });
    for (const [layerIndex, files] of groupBy(found, (f) => f.layerIndex)) {
      const paths = [...new Set(files.map((f) => f.path))].sort();
      const hidden = files.filter((f) => !f.inFinal).map((f) => f.path);
      const kinds = [...new Set(files.map((f) => f.kind))].join(', ');
      report({
        message: `layer ${layerIndex} stores ${plural(paths.length, 'secret file')} (${kinds}): ${listPaths(paths)}${hidden.length ? `; ${hidden.length === paths.length ? 'all' : hidden.length} deleted or replaced later, but still in this layer` : ''}`,
        layerIndex,
        instruction: instructionText(ctx, layerIndex),
        paths,
        fix: 'keep the file out of the image: RUN --mount=type=secret (or --mount=type=ssh) at build time, .dockerignore for the context; rotate the secret',
      });
    }
  },
});
