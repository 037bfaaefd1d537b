import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';

export type EngineName = 'docker' | 'podman';

/** Where an engine's API listens. `label` says which socket or host was picked, for the user's log. */
export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string; label: string }
  | { kind: 'tcp'; host: string; port: number; tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; verify: boolean }; label: string };

/**
 * Parses `unix:///path` or `tcp://host:port` (DOCKER_HOST syntax). TLS follows the docker CLI: on when
 * DOCKER_TLS_VERIFY or DOCKER_TLS is set or the port is 2376, verified only with DOCKER_TLS_VERIFY;
 * ca.pem/cert.pem/key.pem come from DOCKER_CERT_PATH (default ~/.docker).
 */
export function parseEngineHost(url: string, env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  if (url.startsWith('unix://')) {
    const socketPath = url.slice('unix://'.length);
    if (!socketPath) throw new UsageError(`engine host ${url}: no socket path`);
    return { kind: 'unix', socketPath, label: url };
  }
  if (url.startsWith('tcp://') || url.startsWith('http://') || url.startsWith('https://')) {
    const parsed = new URL(url.replace(/^tcp:/, 'http:'));
    const port = parsed.port ? Number(parsed.port) : url.startsWith('https://') ? 2376 : 2375;
    const verify = Boolean(env.DOCKER_TLS_VERIFY);
    const useTls = verify || Boolean(env.DOCKER_TLS) || port === 2376 || url.startsWith('https://');
    if (!useTls) return { kind: 'tcp', host: parsed.hostname, port, label: url };
    const certDir = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
    const read = (name: string) => (existsSync(join(certDir, name)) ? readFileSync(join(certDir, name)) : undefined);
    const tls = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), verify };
    if (verify && !tls.ca) throw new UsageError(`DOCKER_TLS_VERIFY is set but ${join(certDir, 'ca.pem')} does not exist (set DOCKER_CERT_PATH)`);
    return { kind: 'tcp', host: parsed.hostname, port, tls, label: `${url} (TLS${verify ? ', verified' : ', not verified'})` };
  }
  if (url.startsWith('ssh://')) throw new UsageError(`engine host ${url}: ssh:// is not supported; forward the socket (ssh -L /tmp/docker.sock:/var/run/docker.sock host) and use unix:///tmp/docker.sock`);
  throw new UsageError(`engine host ${url}: expected unix:///path/to.sock or tcp://host:port`);
}

/** Socket candidates in probe order; the first that exists wins. */
export function defaultSockets(engine: EngineName, env: NodeJS.ProcessEnv = process.env): string[] {
  const xdg = env.XDG_RUNTIME_DIR;
  const rootless = typeof process.getuid === 'function' && process.getuid() !== 0;
  if (engine === 'podman') {
    // Podman's Docker-compatible service: rootless under XDG_RUNTIME_DIR, rootful under /run.
    const user = xdg ? [join(xdg, 'podman', 'podman.sock')] : [];
    return rootless ? [...user, '/run/podman/podman.sock'] : ['/run/podman/podman.sock', ...user];
  }
  return ['/var/run/docker.sock', join(homedir(), '.docker', 'run', 'docker.sock'), ...(xdg ? [join(xdg, 'docker.sock')] : [])];
}

/**
 * Picks the engine endpoint: an explicit --host, then the engine's variable (DOCKER_HOST for docker,
 * CONTAINER_HOST for podman, as their own CLIs do), then the default sockets.
 */
export function resolveEngineEndpoint(engine: EngineName, host?: string, env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  if (host) return parseEngineHost(host, env);
  const variable = engine === 'podman' ? env.CONTAINER_HOST : env.DOCKER_HOST;
  if (variable) return parseEngineHost(variable, env);
  const candidates = defaultSockets(engine, env);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    const hint = engine === 'podman' ? ' (start it with `podman system service --time=0 unix:///run/podman/podman.sock` or `systemctl --user enable --now podman.socket`)' : '';
    throw new UsageError(`no ${engine} engine socket found; looked for ${candidates.join(', ')}${hint}; set ${engine === 'podman' ? 'CONTAINER_HOST' : 'DOCKER_HOST'} or --host`);
  }
  return { kind: 'unix', socketPath: found, label: `unix://${found}` };
}
