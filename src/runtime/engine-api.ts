import type { Readable } from 'node:stream';
import { EngineClient, EngineError } from '../archive/engine/engine-client.js';
import { demuxStream, type StreamKind } from './demux.js';

/** The endpoints `tsimage run` uses, typed. Each is one Engine API call (reference v1.41–v1.47). */

export interface ContainerChange {
  Path: string;
  /** 0 = modified, 1 = added, 2 = deleted. */
  Kind: 0 | 1 | 2;
}

/** `X-Docker-Container-Path-Stat`: base64 JSON describing one path in a container. */
export interface PathStat {
  name: string;
  size: number;
  /** Go os.FileMode bits: permission bits plus type flags (dir 1<<31, symlink 1<<27, ...). */
  mode: number;
  mtime: string;
  linkTarget?: string;
}

export interface ContainerSpec {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  User?: string;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  network: boolean;
  /** Resource limits to set instead of the engine's defaults (HostConfig.Ulimits). */
  ulimits?: { Name: string; Soft: number; Hard: number }[];
}

const enc = encodeURIComponent;

export async function imageExists(client: EngineClient, id: string): Promise<boolean> {
  const response = await client.send('GET', `/images/${enc(id)}/json`);
  response.resume();
  if (response.statusCode === 200) return true;
  if (response.statusCode === 404) return false;
  throw new EngineError(`engine: inspecting image ${id} failed (${response.statusCode})`, response.statusCode);
}

export interface LoadResult {
  /** `sha256:…` ids from "Loaded image ID:" lines (untagged loads). */
  ids: string[];
  /** References from "Loaded image:" lines (tagged loads). */
  refs: string[];
}

/**
 * POST /images/load with a docker-save tar. The answer is a stream of JSON objects ({stream}, or
 * {error, errorDetail}); a failed load still answers 200, so the error objects have to be read.
 */
export async function loadImageArchive(client: EngineClient, archive: Readable, signal?: AbortSignal): Promise<LoadResult> {
  const response = await client.request('POST', '/images/load', { query: { quiet: true }, body: archive, signal });
  let text = '';
  for await (const chunk of response) text += (chunk as Buffer).toString('utf8');
  const result: LoadResult = { ids: [], refs: [] };
  // Objects may be concatenated without newlines; split on `}{` boundaries as well as lines.
  for (const piece of text.replace(/}\s*{/g, '}\n{').split('\n')) {
    if (!piece.trim()) continue;
    let message: { stream?: string; error?: string; errorDetail?: { message?: string } };
    try { message = JSON.parse(piece); } catch { continue; }
    if (message.error) throw new EngineError(`engine could not load the image: ${message.errorDetail?.message ?? message.error}`);
    for (const line of (message.stream ?? '').split('\n')) {
      const id = /^Loaded image ID: (sha256:[a-f0-9]{64})/.exec(line.trim());
      if (id) result.ids.push(id[1]);
      const ref = /^Loaded image: (.+)$/.exec(line.trim());
      if (ref) result.refs.push(ref[1]);
    }
  }
  return result;
}

export async function createContainer(client: EngineClient, spec: ContainerSpec, name?: string): Promise<string> {
  const { network, ulimits, ...fields } = spec;
  const body = {
    ...fields,
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    NetworkDisabled: !network,
    ExposedPorts: {},
    HostConfig: { AutoRemove: false, NetworkMode: network ? 'bridge' : 'none', PortBindings: {}, PublishAllPorts: false, ...(ulimits ? { Ulimits: ulimits } : {}) },
  };
  const created = await client.json<{ Id: string }>('POST', '/containers/create', { query: { name }, body });
  return created.Id;
}

export const startContainer = (client: EngineClient, id: string) => client.call('POST', `/containers/${enc(id)}/start`);

/** Long-polls until the container stops; call it before start with `next-exit` so a quick exit is not missed. */
export async function waitContainer(client: EngineClient, id: string, condition: 'next-exit' | 'not-running' = 'next-exit', signal?: AbortSignal): Promise<number> {
  const result = await client.json<{ StatusCode: number; Error?: { Message?: string } | null }>('POST', `/containers/${enc(id)}/wait`, { query: { condition }, signal });
  return result.StatusCode;
}

/** Follows the container's output until it stops, demultiplexing stdout and stderr. */
export async function followLogs(client: EngineClient, id: string, onOutput: (kind: StreamKind, payload: Buffer) => void, signal?: AbortSignal): Promise<void> {
  const response = await client.request('GET', `/containers/${enc(id)}/logs`, { query: { follow: true, stdout: true, stderr: true }, signal });
  await demuxStream(response as AsyncIterable<Buffer>, onOutput);
}

export async function containerChanges(client: EngineClient, id: string): Promise<ContainerChange[]> {
  return (await client.json<ContainerChange[] | null>('GET', `/containers/${enc(id)}/changes`)) ?? [];
}

/** HEAD /containers/{id}/archive: the stat of one path, without its content. */
export async function statContainerPath(client: EngineClient, id: string, path: string): Promise<PathStat | undefined> {
  const response = await client.send('HEAD', `/containers/${enc(id)}/archive`, { query: { path } });
  response.resume();
  if (response.statusCode === 404) return undefined;
  if (response.statusCode !== 200) throw new EngineError(`engine: stat of ${path} failed (${response.statusCode})`, response.statusCode);
  const header = response.headers['x-docker-container-path-stat'];
  if (typeof header !== 'string') return undefined;
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
}

/** GET /containers/{id}/archive: a tar of one path (a file, or a directory with everything below it). */
export async function getContainerArchive(client: EngineClient, id: string, path: string): Promise<Readable> {
  return client.request('GET', `/containers/${enc(id)}/archive`, { query: { path } });
}

export async function killContainer(client: EngineClient, id: string): Promise<void> {
  const response = await client.send('POST', `/containers/${enc(id)}/kill`, { query: { signal: 'KILL' } });
  response.resume();
  // 409: it is not running any more, which is what was wanted.
  if (response.statusCode !== 204 && response.statusCode !== 409 && response.statusCode !== 200) {
    throw new EngineError(`engine: kill ${id} failed (${response.statusCode})`, response.statusCode);
  }
}

export async function removeContainer(client: EngineClient, id: string): Promise<void> {
  const response = await client.send('DELETE', `/containers/${enc(id)}`, { query: { force: true, v: true } });
  response.resume();
  if (response.statusCode !== 204 && response.statusCode !== 200 && response.statusCode !== 404) {
    throw new EngineError(`engine: removing container ${id} failed (${response.statusCode})`, response.statusCode);
  }
}

export async function removeImage(client: EngineClient, id: string): Promise<void> {
  const response = await client.send('DELETE', `/images/${enc(id)}`, { query: { force: true, noprune: false } });
  response.resume();
  if (response.statusCode !== 200 && response.statusCode !== 404) {
    throw new EngineError(`engine: removing image ${id} failed (${response.statusCode})`, response.statusCode);
  }
}

export interface ContainerSummary { Id: string; Image: string; ImageID?: string; Labels?: Record<string, string>; State?: string }
export interface ImageSummary { Id: string; RepoTags?: string[] | null }

export function listContainers(client: EngineClient, label?: string): Promise<ContainerSummary[]> {
  return client.json<ContainerSummary[]>('GET', '/containers/json', { query: { all: true, filters: label ? JSON.stringify({ label: [label] }) : undefined } });
}

export function listImages(client: EngineClient): Promise<ImageSummary[]> {
  return client.json<ImageSummary[]>('GET', '/images/json', { query: { all: true } });
}
