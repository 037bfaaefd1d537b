/**
 * A small Docker Engine API client on plain `node:http`, for Docker and Podman's Docker-compatible service.
 *
 * Why not dockerode: it installs 66 packages (19 MB: gRPC, protobufjs, ssh2 with an optional native module)
 * for the ~12 endpoints tsimage needs, and its docker-modem does not negotiate the API version (the path is
 * left unversioned). Hand-writing them is a few hundred lines we can read, with the version negotiated
 * from `/_ping` as Docker 29 requires (it refuses clients pinned below API 1.44). Global `fetch` cannot
 * reach a unix socket on Node 20 without undici, so this uses `node:http` / `node:https` directly.
 */
import type http from 'node:http';
import type https from 'node:https';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { InputError } from '../../errors.js';
import type { EngineEndpoint } from './engine-endpoint.js';

// Loaded on the first request, not at import: node:https brings TLS (~10 ms), which every run that only reads
// a file would pay, since the engine source is imported by the command that opens images (issue 13).
const requireBuiltin = createRequire(import.meta.url);
const httpLib = () => requireBuiltin('node:http') as typeof http;
const httpsLib = () => requireBuiltin('node:https') as typeof https;

/** The newest API version whose endpoints and fields this client was written against. */
export const CLIENT_API_VERSION = '1.47';
/** Before 1.24 the endpoints used here had other shapes; no engine still in use is that old. */
const OLDEST_USABLE_API = '1.24';

export class EngineError extends InputError {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export function compareApiVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** min(server, ours), but never below the server's minimum: a server newer than this client still answers. */
export function negotiateApiVersion(serverVersion: string | undefined, serverMinimum?: string): string {
  if (!serverVersion || !/^\d+\.\d+$/.test(serverVersion)) return CLIENT_API_VERSION;
  let chosen = compareApiVersions(serverVersion, CLIENT_API_VERSION) < 0 ? serverVersion : CLIENT_API_VERSION;
  if (serverMinimum && /^\d+\.\d+$/.test(serverMinimum) && compareApiVersions(chosen, serverMinimum) < 0) chosen = serverMinimum;
  return chosen;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** A JSON body, or a stream sent as application/x-tar. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the request without the /vX.Y prefix (for /_ping before the version is known). */
  unversioned?: boolean;
}

export interface EngineInfo {
  apiVersion: string;
  serverApiVersion?: string;
  minApiVersion?: string;
  version?: string;
  /** 'podman' when the service says so (Libpod-API-Version header or a Podman component). */
  flavour: 'docker' | 'podman';
  endpoint: string;
}

function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function';
}

async function readAll(response: http.IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    total += (chunk as Buffer).length;
    if (total > limit) throw new EngineError(`engine response larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function errorMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: string };
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch { /* not JSON: the raw text is the message */ }
  return text.slice(0, 500) || 'no message';
}

export class EngineClient {
  private constructor(readonly endpoint: EngineEndpoint, public info: EngineInfo) {}

  /** Connects and negotiates the API version: `/_ping` gives the server's version, `/version` its minimum. */
  static async connect(endpoint: EngineEndpoint, signal?: AbortSignal): Promise<EngineClient> {
    const client = new EngineClient(endpoint, { apiVersion: CLIENT_API_VERSION, flavour: 'docker', endpoint: endpoint.label });
    let ping: http.IncomingMessage;
    try {
      ping = await client.send('GET', '/_ping', { unversioned: true, signal });
    } catch (error) {
      if (error instanceof EngineError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new EngineError(`cannot reach the engine at ${endpoint.label} (${code})`);
    }
    const body = await readAll(ping, 1 << 16);
    if (ping.statusCode !== 200) throw new EngineError(`engine at ${endpoint.label} answered /_ping with ${ping.statusCode}: ${errorMessage(body)}`, ping.statusCode);
    const serverApi = ping.headers['api-version'] as string | undefined;
    const libpod = ping.headers['libpod-api-version'] as string | undefined;
    // The unversioned /version answers in the server's own default version, which every server accepts.
    const versionResponse = await client.send('GET', '/version', { unversioned: true, signal });
    const version = JSON.parse((await readAll(versionResponse, 1 << 20)).toString('utf8') || '{}') as {
      Version?: string; ApiVersion?: string; MinAPIVersion?: string; Components?: { Name?: string }[];
    };
    const isPodman = Boolean(libpod) || (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? ''));
    const apiVersion = negotiateApiVersion(serverApi ?? version.ApiVersion, version.MinAPIVersion);
    if (compareApiVersions(apiVersion, OLDEST_USABLE_API) < 0) {
      throw new EngineError(`engine at ${endpoint.label} speaks API ${apiVersion}; tsimage needs ${OLDEST_USABLE_API} or newer`);
    }
    client.info = {
      apiVersion,
      serverApiVersion: serverApi ?? version.ApiVersion,
      minApiVersion: version.MinAPIVersion,
      version: version.Version,
      flavour: isPodman ? 'podman' : 'docker',
      endpoint: endpoint.label,
    };
    return client;
  }

  /** Sends one request and resolves with the response, whatever its status. One connection per request. */
  send(method: string, path: string, options: RequestOptions = {}): Promise<http.IncomingMessage> {
    const fullPath = (options.unversioned ? '' : `/v${this.info.apiVersion}`) + path + buildQuery(options.query);
    // Over TCP the Host header is also what Node checks the server certificate against (and sends as SNI),
    // so it must be the host the user named, as the docker CLI verifies DOCKER_HOST's host.
    const hostHeader = this.endpoint.kind === 'tcp' ? `${this.endpoint.host}:${this.endpoint.port}` : 'docker';
    const headers: Record<string, string> = { Host: hostHeader, ...options.headers };
    let payload: Buffer | undefined;
    if (options.body !== undefined && !isReadable(options.body)) {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    } else if (isReadable(options.body)) {
      headers['Content-Type'] ??= 'application/x-tar';
    }
    const endpoint = this.endpoint;
    const base = { method, path: fullPath, headers, agent: false as const, signal: options.signal };
    return new Promise((resolve, reject) => {
      const request = endpoint.kind === 'unix'
        ? httpLib().request({ ...base, socketPath: endpoint.socketPath })
        : endpoint.tls
          ? httpsLib().request({ ...base, host: endpoint.host, port: endpoint.port, ca: endpoint.tls.ca, cert: endpoint.tls.cert, key: endpoint.tls.key, rejectUnauthorized: endpoint.tls.verify })
          : httpLib().request({ ...base, host: endpoint.host, port: endpoint.port });
      request.on('response', resolve);
      request.on('error', reject);
      if (isReadable(options.body)) {
        options.body.on('error', (error) => request.destroy(error));
        options.body.pipe(request);
      } else {
        request.end(payload);
      }
    });
  }

  /** A request whose non-2xx answer becomes an EngineError carrying the engine's message. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<http.IncomingMessage> {
    const response = await this.send(method, path, options);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const body = method === 'HEAD' ? Buffer.alloc(0) : await readAll(response, 1 << 20).catch(() => Buffer.alloc(0));
    throw new EngineError(`engine: ${method} ${path.split('?')[0]} failed (${status}): ${errorMessage(body)}`, status);
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, options);
    const body = await readAll(response);
    if (body.length === 0) return undefined as T;
    return JSON.parse(body.toString('utf8')) as T;
  }

  /** A request whose answer does not matter beyond its status (start, kill, remove). */
  async call(method: string, path: string, options: RequestOptions = {}): Promise<void> {
    const response = await this.request(method, path, options);
    response.resume();
    await new Promise<void>((resolve) => { response.on('end', resolve); response.on('close', resolve); });
  }
}
