/**
 * A client for the OCI distribution API (pull only) on Node's global fetch: no daemon, no dependency.
 * Auth follows the registry's challenge: anonymous or credentialed bearer tokens from the
 * `WWW-Authenticate: Bearer realm=…,service=…` answer, or basic auth where the registry asks for it.
 */
import { Readable } from 'node:stream';
import { InputError, UsageError } from '../../errors.js';
import { findCredentials, type Credentials } from './credentials.js';

export interface RegistryReference {
  /** As the user wrote it, for messages. */
  label: string;
  /** host[:port] as written; docker.io becomes registry-1.docker.io. */
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** `registry://HOST/REPO[:TAG][@DIGEST]`; a first component without `.`, `:` or `localhost` means Docker Hub. */
export function parseRegistryReference(label: string): RegistryReference {
  const rest = label.replace(/^registry:\/\//, '');
  const at = rest.indexOf('@');
  const digest = at >= 0 ? rest.slice(at + 1) : undefined;
  let path = at >= 0 ? rest.slice(0, at) : rest;
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  const parts = path.split('/');
  let host = 'registry-1.docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) host = parts.shift()!;
  if (host === 'docker.io' || host === 'index.docker.io') host = 'registry-1.docker.io';
  if (host === 'registry-1.docker.io' && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (!parts.every((p) => COMPONENT.test(p)) || (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) || (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest))) {
    throw new InputError('not a registry reference (expected registry://HOST/REPOSITORY[:TAG][@sha256:DIGEST])', label);
  }
  return { label, host, repository, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLocalHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return LOCAL_HOSTS.has(name);
}

export interface RegistryClientOptions {
  /** Plain HTTP; refused for any host but localhost, so credentials and content never cross a network in clear. */
  insecure?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Attempts for a request answered 5xx or 429, or refused before any answer. */
  attempts?: number;
  signal?: AbortSignal;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (quoted values may hold commas). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([a-zA-Z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let match = pattern.exec(header.slice(space + 1)); match; match = pattern.exec(header.slice(space + 1))) {
    params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
  }
  return { scheme, params };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RegistryClient {
  private authorization?: string;
  private readonly credentials?: Credentials;
  private readonly base: string;
  private readonly attempts: number;

  constructor(readonly ref: RegistryReference, private readonly options: RegistryClientOptions = {}) {
    if (options.insecure && !isLocalHost(ref.host)) {
      throw new UsageError(`--insecure (plain HTTP) is allowed for localhost only, not ${ref.host}`);
    }
    this.base = `${options.insecure ? 'http' : 'https'}://${ref.host}/v2/${ref.repository}`;
    this.credentials = findCredentials(ref.host, ref.repository, options.env);
    this.attempts = options.attempts ?? 4;
  }

  private fail(message: string): InputError {
    return new InputError(message, this.ref.label);
  }

  /** One GET with auth and retries; a 401 is answered once by fetching a token (or sending basic auth). */
  async get(path: string, accept?: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { ...extraHeaders };
      if (accept) headers.Accept = accept;
      if (this.authorization) headers.Authorization = this.authorization;
      let response: Response;
      try {
        response = await fetch(this.base + path, { headers, signal: this.options.signal });
      } catch (error) {
        const cause = describeFetchError(error);
        if (attempt < this.attempts && !/certificate|TLS|SSL/i.test(cause)) { await sleep(backoff(attempt)); continue; }
        throw this.fail(`cannot reach the registry ${this.ref.host} (${cause})${/certificate|TLS|SSL|wrong version/i.test(cause) && isLocalHost(this.ref.host) && !this.options.insecure ? '; for a plain-HTTP registry on localhost add --insecure' : ''}`);
      }
      if (response.status === 401 && !challenged) {
        challenged = true;
        await response.body?.cancel();
        this.authorization = await this.answerChallenge(response.headers.get('www-authenticate') ?? '');
        attempt--;
        continue;
      }
      if ((response.status >= 500 || response.status === 429) && attempt < this.attempts) {
        await response.body?.cancel();
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : backoff(attempt));
        continue;
      }
      return response;
    }
  }

  private async answerChallenge(header: string): Promise<string> {
    const { scheme, params } = parseChallenge(header);
    const basic = this.credentials ? 'Basic ' + Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64') : undefined;
    if (scheme === 'basic') {
      if (!basic) throw this.fail(`the registry ${this.ref.host} asks for a login and no auth file has one for it (looked in REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, $DOCKER_CONFIG/config.json, ~/.docker/config.json; log in with docker login or skopeo login)`);
      return basic;
    }
    if (scheme !== 'bearer' || !params.realm) throw this.fail(`the registry ${this.ref.host} asks for an authentication tsimage does not speak (${header.split(' ')[0] || 'no WWW-Authenticate challenge'})`);
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${this.ref.repository}:pull`);
    if (url.protocol !== 'https:' && !isLocalHost(url.host)) throw this.fail(`the registry's token service ${url.host} is plain HTTP; credentials are not sent there`);
    let response: Response;
    try {
      response = await fetch(url, { headers: basic ? { Authorization: basic } : {}, signal: this.options.signal });
    } catch (error) {
      throw this.fail(`cannot reach the token service ${url.host} (${describeFetchError(error)})`);
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw this.fail(`the token service ${url.host} refused ${this.credentials ? `the login from ${this.credentials.source}` : 'an anonymous pull'} (${response.status})`);
    }
    if (!response.ok) throw this.fail(`the token service ${url.host} answered ${response.status}`);
    const body = await response.json().catch(() => ({})) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw this.fail(`the token service ${url.host} gave no token`);
    return `Bearer ${token}`;
  }

  /** A small JSON document (manifest, index, config), bounded, with the digest the registry states. */
  async getSmall(path: string, accept?: string, limit = 8 * 1024 * 1024): Promise<{ bytes: Buffer; mediaType?: string; digest?: string }> {
    const response = await this.get(path, accept);
    await this.check(response, path);
    const declared = Number(response.headers.get('content-length'));
    if (declared > limit) throw this.fail(`${path} is ${declared} bytes, more than the ${limit} a manifest or config may have`);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of Readable.fromWeb(response.body as never)) {
      total += (chunk as Buffer).length;
      if (total > limit) throw this.fail(`${path} is more than the ${limit} bytes a manifest or config may have`);
      chunks.push(chunk as Buffer);
    }
    return { bytes: Buffer.concat(chunks), mediaType: response.headers.get('content-type')?.split(';')[0] ?? undefined, digest: response.headers.get('docker-content-digest') ?? undefined };
  }

  /**
   * A blob as a stream; the caller verifies its digest as it reads. A download cut off midway is resumed
   * from where it stopped (`Range`), or restarted when the registry ignores the range (the bytes already
   * passed on are skipped in the new answer), up to the client's attempts; then one error says how far it got.
   */
  async blob(digest: string): Promise<Readable> {
    const path = `/blobs/${digest}`;
    const first = await this.get(path);
    await this.check(first, path);
    const client = this;
    async function* resumable(): AsyncGenerator<Buffer> {
      let response = first;
      let delivered = 0;
      let skip = 0;
      for (let attempt = 1; ; attempt++) {
        try {
          for await (const chunk of Readable.fromWeb(response.body as never)) {
            let bytes = chunk as Buffer;
            if (skip > 0) {
              const dropped = Math.min(skip, bytes.length);
              skip -= dropped;
              bytes = bytes.subarray(dropped);
              if (bytes.length === 0) continue;
            }
            delivered += bytes.length;
            yield bytes;
          }
          return;
        } catch (error) {
          const cause = describeFetchError(error);
          if (attempt >= client.attempts) throw client.fail(`layer ${digest}: the download broke off after ${delivered} bytes, ${attempt} times (${cause})`);
          await sleep(backoff(attempt));
          try {
            response = await client.get(path, undefined, { Range: `bytes=${delivered}-` });
            await client.check(response, path);
          } catch (again) {
            const reason = (again as Error).message.replace(`${client.ref.label}: `, '');
            throw client.fail(`layer ${digest}: the download broke off after ${delivered} bytes and could not be resumed: ${reason}`);
          }
          // 206 carries the rest; a 200 is the whole blob again, of which the first bytes were passed on already.
          const range = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
          skip = response.status === 206 && range ? delivered - Number(range[1]) : delivered;
          if (skip < 0) throw client.fail(`layer ${digest}: the registry resumed the download at ${range?.[1]}, past the ${delivered} bytes read`);
        }
      }
    }
    return Readable.from(resumable(), { objectMode: false });
  }

  private async check(response: Response, path: string): Promise<void> {
    if (response.ok) return;
    const text = (await response.text().catch(() => '')).slice(0, 300);
    let reason = text.trim();
    try {
      const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
      if (parsed.errors?.length) reason = parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    } catch { /* not JSON */ }
    const name = path.slice(path.indexOf('/', 1) + 1);
    const what = path.startsWith('/manifests/') ? `no ${name.startsWith('sha256:') ? 'manifest' : 'tag'} ${name} in ${this.ref.repository}` : `no blob ${name} in ${this.ref.repository}`;
    if (response.status === 404) throw this.fail(`the registry ${this.ref.host} has ${what}${reason ? ` (${reason})` : ''}`);
    if (response.status === 401 || response.status === 403) throw this.fail(`the registry ${this.ref.host} refused access to ${this.ref.repository} (${response.status}${reason ? `: ${reason}` : ''})${this.credentials ? ` with the login from ${this.credentials.source}` : '; no auth file has a login for it'}`);
    throw this.fail(`the registry ${this.ref.host} answered ${response.status} for ${path}${reason ? `: ${reason}` : ''}`);
  }
}

function backoff(attempt: number): number {
  return Math.min(200 * 4 ** (attempt - 1), 5000);
}

/** fetch's own message is "fetch failed"; the cause (ECONNREFUSED, a certificate error) is what the user needs. */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // OpenSSL's messages run over lines and end in source paths: keep the reason only.
  const message = cause?.message?.split('\n')[0].replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '').replace(/:\.\.\/deps\/.*$/, '');
  if (cause?.code && message) return message.includes(cause.code) ? message : `${cause.code}: ${message}`;
  return message ?? cause?.code ?? (error as Error).message;
}
