/**
 * The busybox base image the engine tests build FROM, made by each test process from a committed sample.
 * Layer 0 of every sample is the `docker import` that samples/make-base.sh made of Debian's busybox-static
 * (samples/README.md), so importing that layer again gives the same base, with the same diff id, on any
 * machine with an engine: no apt package, no registry, no `make-base.sh` run first. It is tagged with this
 * process's RUN_ID, so two runs on one engine never share, rebuild or remove each other's base (nor the
 * `tsimage-busybox:base` that make-base.sh makes), and it is removed again when the process exits.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { dockerEngineUnavailable, runTag, sample } from './helpers.js';

const DOCKER = '/usr/bin/docker';
/** The sample whose first layer is the base. */
const BASE_SAMPLE = 'good.docker.tar';

/** This run's base image. Build FROM it only after busyboxBaseUnavailable() resolved to undefined. */
export const BUSYBOX_BASE = runTag('tsimage-test-busybox');

interface BaseLayer {
  tar: Buffer;
  diffId: string;
  comment: string;
}

let layer: Promise<BaseLayer> | undefined;

/** Layer 0 of the sample as stored (uncompressed, sha256 = its diff id) and the comment of its history entry. */
function baseLayer(): Promise<BaseLayer> {
  layer ??= (async () => {
    const members = new Map<string, Buffer>();
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => { members.set(header.name, Buffer.concat(chunks)); next(); });
      stream.resume();
    });
    await pipeline(createReadStream(sample(BASE_SAMPLE)), extract);
    const read = (name: string) => {
      const data = members.get(name);
      if (!data) throw new Error(`samples/${BASE_SAMPLE} has no ${name}`);
      return data;
    };
    const [manifest] = JSON.parse(read('manifest.json').toString()) as { Config: string; Layers: string[] }[];
    const config = JSON.parse(read(manifest.Config).toString()) as { rootfs: { diff_ids: string[] }; history?: { comment?: string }[] };
    return { tar: read(manifest.Layers[0]), diffId: config.rootfs.diff_ids[0], comment: config.history?.[0]?.comment ?? 'tsimage busybox base' };
  })();
  return layer;
}

/** The base layer's diff id: what the base's content is, whatever this run's tag is. */
export async function busyboxBaseDiffId(): Promise<string> {
  return (await baseLayer()).diffId;
}

function docker(args: string[], input?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(DOCKER, args, { timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`docker ${args[0]}: ${(stderr || error.message).trim().split('\n')[0]}`)) : resolve(stdout));
    if (input) child.stdin!.end(input);
  });
}

let made: Promise<string | undefined> | undefined;

/**
 * Why the tests that build FROM BUSYBOX_BASE must skip (no engine), or undefined once the base is in the
 * engine. Imports it on the first call of this process and removes it when the process exits.
 */
export function busyboxBaseUnavailable(): Promise<string | undefined> {
  made ??= (async () => {
    const engine = await dockerEngineUnavailable();
    if (engine) return engine;
    const base = await baseLayer();
    await docker(['import', '-m', base.comment, '-', BUSYBOX_BASE], base.tar);
    process.on('exit', () => { spawnSync(DOCKER, ['rmi', BUSYBOX_BASE], { stdio: 'ignore', timeout: 60_000 }); });
    const layers = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', BUSYBOX_BASE])) as string[];
    if (layers.length !== 1 || layers[0] !== base.diffId) throw new Error(`the imported base has layers ${layers.join(', ')}, not ${base.diffId} as in samples/${BASE_SAMPLE}`);
    return undefined;
  })();
  return made;
}
