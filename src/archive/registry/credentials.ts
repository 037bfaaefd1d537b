import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Credentials {
  username: string;
  password: string;
  /** Which file they came from, for messages (never the secret itself). */
  source: string;
}

/**
 * The auth files in the order podman, skopeo and buildah read them, then docker's: REGISTRY_AUTH_FILE,
 * $XDG_RUNTIME_DIR/containers/auth.json, $DOCKER_CONFIG/config.json, ~/.docker/config.json.
 */
export function authFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  if (env.DOCKER_CONFIG) files.push(join(env.DOCKER_CONFIG, 'config.json'));
  files.push(join(homedir(), '.docker', 'config.json'));
  return files;
}

/** Keys an auths map may use for one registry: `host`, `https://host`, `http://host/v1/`, and docker.io's legacy key. */
function keysFor(host: string, repository: string): string[] {
  const hosts = host === 'registry-1.docker.io' || host === 'docker.io' ? ['docker.io', 'registry-1.docker.io', 'index.docker.io', 'https://index.docker.io/v1/'] : [host];
  const keys: string[] = [];
  // containers-auth.json allows keys scoped to a repository (`host/ns/repo`), most specific first.
  const parts = repository.split('/');
  for (let i = parts.length; i > 0; i--) keys.push(`${host}/${parts.slice(0, i).join('/')}`);
  for (const h of hosts) keys.push(h, `https://${h}`, `http://${h}`, `https://${h}/v1/`, `https://${h}/v2/`);
  return keys;
}

function decode(entry: unknown, source: string): Credentials | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as { auth?: unknown; username?: unknown; password?: unknown };
  if (typeof e.auth === 'string' && e.auth) {
    const text = Buffer.from(e.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon > 0) return { username: text.slice(0, colon), password: text.slice(colon + 1), source };
  }
  if (typeof e.username === 'string' && typeof e.password === 'string') return { username: e.username, password: e.password, source };
  return undefined;
}

/** The first credentials any auth file holds for this registry; a missing or unreadable file is skipped. */
export function findCredentials(host: string, repository: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  for (const file of authFiles(env)) {
    let parsed: { auths?: Record<string, unknown> };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
    } catch {
      continue;
    }
    const helpers = (parsed as { credHelpers?: Record<string, unknown> }).credHelpers;
    const helper = typeof helpers?.[host] === 'string' ? helpers[host] as string : undefined;
    const store = (parsed as { credsStore?: unknown }).credsStore;
    // A helper named for this registry answers for it; the default store answers where no plain entry does.
    if (helper) return fromHelper(helper, host, file);
    const auths = parsed?.auths;
    if (typeof auths === 'object' && auths !== null) {
      for (const key of keysFor(host, repository)) {
        const found = decode(auths[key], file);
        if (found) return found;
      }
    }
    if (typeof store === 'string' && store) {
      const found = fromHelper(store, host, file);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Asks a docker credential helper (`docker-credential-NAME get`, the server URL on stdin) for a login.
 * A helper that has none, is missing or fails gives none: the pull then goes on anonymously.
 */
function fromHelper(name: string, host: string, file: string): Credentials | undefined {
  if (!/^[\w.-]+$/.test(name)) return undefined;
  const result = spawnSync(`docker-credential-${name}`, ['get'], { input: host, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0 || !result.stdout) return undefined;
  try {
    const answer = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown };
    if (typeof answer.Username === 'string' && typeof answer.Secret === 'string') {
      return { username: answer.Username, password: answer.Secret, source: `docker-credential-${name} (named in ${file})` };
    }
  } catch { /* not a helper's answer */ }
  return undefined;
}
