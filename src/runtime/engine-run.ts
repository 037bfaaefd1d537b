import { randomBytes } from 'node:crypto';
import { FileTree } from '../image/filesystem.js';
import type { EntryType } from '../image/model.js';
import { sortChanges, changeKindOf, type ChangeSet, type FileChange } from './change-set.js';
import { EngineClient, EngineError } from '../archive/engine/engine-client.js';
import type { EngineEndpoint } from '../archive/engine/engine-endpoint.js';
import {
  containerChanges, createContainer, followLogs, getContainerArchive, imageExists, killContainer, loadImageArchive,
  removeContainer, removeImage, startContainer, statContainerPath, waitContainer, type ContainerSpec, type PathStat,
} from './engine-api.js';
import { dockerSaveStream } from './docker-save-stream.js';
import { exportFromEngine } from './export-changes.js';
import { openImageForRuntime } from './opened-image.js';
import type { RunOptions, RunOutcome } from './run-options.js';
import { runOutcome } from './run-findings.js';

/** Label on every container tsimage creates, so leftovers can be found (`docker ps -a --filter label=tsimage.run`). */
export const RUN_LABEL = 'tsimage.run';

/** Limits low enough for any host, used only when the engine's defaults cannot be applied. */
const FALLBACK_ULIMITS = [{ Name: 'nofile', Soft: 1024, Hard: 1024 }, { Name: 'nproc', Soft: 4096, Hard: 4096 }];

/** Go's os.FileMode type bits, as in X-Docker-Container-Path-Stat. */
function typeOfGoMode(mode: number): EntryType {
  const bits = mode >>> 0;
  if (bits & 0x80000000) return 'directory';
  if (bits & 0x08000000) return 'symlink';
  if (bits & 0x04000000) return bits & 0x00200000 ? 'char-device' : 'block-device';
  if (bits & 0x02000000) return 'fifo';
  return 'file';
}

/** Go os.FileMode → Unix permission bits (0o7777): Go keeps setuid, setgid and sticky in high bits of its own. */
function unixModeOfGoMode(mode: number): number {
  const bits = mode >>> 0;
  return (bits & 0o777) | (bits & 0x00800000 ? 0o4000 : 0) | (bits & 0x00400000 ? 0o2000 : 0) | (bits & 0x00100000 ? 0o1000 : 0);
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

/**
 * Runs a command in a Docker or Podman engine: loads the image when the engine does not have it (by id),
 * creates a container without network or ports, follows its output, waits (killing it at the timeout or
 * on abort), reads the changes, sizes them, optionally exports them, and always removes the container and
 * any image it loaded. Sizes: /changes has none, so added and changed paths are stat'ed with
 * HEAD /archive, deleted and previous sizes come from the image model.
 */
export async function runInEngine(endpoint: EngineEndpoint, engineName: 'docker' | 'podman', options: RunOptions): Promise<ChangeSet & RunOutcome> {
  const started = Date.now();
  const opened = await openImageForRuntime(options.archive, { image: options.image, platform: options.platform, limits: options.limits, insecure: options.insecure });
  let client: EngineClient | undefined;
  let containerId: string | undefined;
  let loadedImage: string | undefined;
  let loadStartedFor: string | undefined;
  const notes: string[] = [...opened.image.notes];
  const cleanup: string[] = [];
  // Ends the long-polling wait and log requests if the run fails half-way, so no socket keeps the process alive.
  const streams = new AbortController();
  try {
    client = await EngineClient.connect(endpoint, options.signal);
    options.log(`engine: ${client.info.flavour} ${client.info.version ?? ''} at ${client.info.endpoint}, API ${client.info.apiVersion}`);
    if (client.info.flavour !== engineName) notes.push(`--engine ${engineName} was asked for but the engine at ${endpoint.label} is ${client.info.flavour}`);
    const tree = FileTree.fromLayers(opened.image.layers);

    const { open: openSave, imageId } = await dockerSaveStream(opened);
    let runImage = imageId;
    if (await imageExists(client, imageId)) {
      options.log(`image ${imageId.slice(0, 19)} is already in the engine; it will be left there`);
    } else {
      options.log(`loading ${opened.image.name} into the engine`);
      options.signal?.throwIfAborted();
      loadStartedFor = imageId;
      // Ctrl-C does not cut the upload: with the connection closed we could not know whether the engine
      // still registers the image (a race seen in testing: the whole archive was already in the socket).
      // The load is let finish, then the image is removed like any loaded one.
      const waitNote = () => options.log('tsimage: waiting for the engine to finish loading, then removing the image');
      options.signal?.addEventListener('abort', waitNote, { once: true });
      let loaded;
      try {
        loaded = await loadImageArchive(client, openSave());
      } finally {
        options.signal?.removeEventListener('abort', waitNote);
      }
      loadedImage = loaded.ids[0] ?? imageId;
      runImage = loadedImage;
      if (loadedImage !== imageId) notes.push(`the engine gave the loaded image id ${loadedImage}, not the config digest ${imageId}`);
    }

    options.signal?.throwIfAborted();
    const entrypoint = options.entrypoint === undefined ? undefined : options.entrypoint === '' ? [''] : [options.entrypoint];
    const spec = {
      Image: runImage,
      Cmd: options.command.length ? options.command : undefined,
      Entrypoint: entrypoint,
      User: options.user,
      Labels: { [RUN_LABEL]: '1' },
      network: options.network,
    };
    const engine = client;
    const createAndStart = async (ulimits?: ContainerSpec['ulimits']) => {
      containerId = await createContainer(engine, { ...spec, ulimits }, `tsimage-run-${randomBytes(6).toString('hex')}`);
      // Wait is registered before start so an instant exit is not missed.
      const waiting = waitContainer(engine, containerId, 'next-exit', streams.signal);
      waiting.catch(() => {});
      await startContainer(engine, containerId);
      return { waiting };
    };
    let waiting: Promise<number>;
    try {
      ({ waiting } = await createAndStart());
    } catch (error) {
      // Podman raises RLIMIT_NOFILE/NPROC to its own defaults; where the host's hard limits are lower (a
      // confined service) runc fails with "error setting rlimit". Lowered limits still run the command.
      if (!(error instanceof EngineError) || !/setting rlimit/.test(error.message) || !containerId) throw error;
      await removeContainer(engine, containerId);
      containerId = undefined;
      notes.push(`the engine could not apply its default resource limits (${error.message.replace(/^.*?(error setting rlimit[^:]*).*$/s, '$1')}); ran with nofile=${FALLBACK_ULIMITS[0].Hard}, nproc=${FALLBACK_ULIMITS[1].Hard}`);
      ({ waiting } = await createAndStart(FALLBACK_ULIMITS));
    }
    const id = containerId!;
    const logs = followLogs(engine, id, options.onOutput, streams.signal).catch((error) => {
      if (!streams.signal.aborted) notes.push(`output stream ended early: ${(error as Error).message}`);
    });

    let timedOut = false;
    const kill = () => killContainer(engine, id).catch(() => {});
    const timer = setTimeout(() => { timedOut = true; void kill(); }, options.timeoutMs);
    const onAbort = () => { void kill(); };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let exitCode: number | null;
    try {
      exitCode = await waiting;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    await logs;
    options.signal?.throwIfAborted();
    if (timedOut) exitCode = null;

    const raw = await containerChanges(engine, id);
    const changes: FileChange[] = await mapLimited(raw, 8, async ({ Path, Kind }) => {
      const path = Path.replace(/^\/+/, '');
      const kind = changeKindOf(Kind);
      const before = tree.get(path)?.entry;
      const change: FileChange = { path, kind };
      if (before && kind !== 'added') {
        change.sizeBefore = before.size;
        change.type = before.type;
      }
      if (kind !== 'deleted') {
        const stat: PathStat | undefined = await statContainerPath(engine, id, Path).catch(() => undefined);
        if (stat) {
          change.type = typeOfGoMode(stat.mode);
          change.size = change.type === 'file' ? stat.size : 0;
          change.mode = unixModeOfGoMode(stat.mode);
          if (change.type === 'symlink' && stat.linkTarget) change.linkTarget = stat.linkTarget;
        }
      }
      return change;
    });
    sortChanges(changes);
    if (engine.info.flavour === 'podman' && changes.some((c) => c.path === 'etc' && c.kind === 'changed') && !changes.some((c) => c.path.startsWith('etc/'))) {
      notes.push('podman creates mount points for /etc/hosts, /etc/hostname and /etc/resolv.conf in the container, so /etc shows as changed');
    }

    let exportResult;
    if (options.exportDir) {
      exportResult = await exportFromEngine(changes, options.exportDir, (path) => getContainerArchive(engine, id, path));
    }
    return runOutcome(opened.image, {
      engine: { name: engineName, version: engine.info.version, apiVersion: engine.info.apiVersion, endpoint: engine.info.endpoint },
      loaded: Boolean(loadedImage), command: options.command, exitCode, timedOut, startedAt: started, changes, notes, exportResult,
    });
  } finally {
    streams.abort();
    // Cleanup runs on success, error, timeout and abort alike; its own failures are reported, not thrown over the first error.
    if (client && containerId) await removeContainer(client, containerId).catch((error) => cleanup.push(`container ${containerId}: ${(error as Error).message}`));
    // A load interrupted by Ctrl-C may still have finished inside the engine.
    if (client && !loadedImage && loadStartedFor && await imageExists(client, loadStartedFor).catch(() => false)) loadedImage = loadStartedFor;
    if (client && loadedImage) await removeImage(client, loadedImage).catch((error) => cleanup.push(`image ${loadedImage}: ${(error as Error).message}`));
    await opened.close();
    for (const problem of cleanup) options.log(`warning: cleanup failed for ${problem}`);
  }
}
