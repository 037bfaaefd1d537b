import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../../errors.js';
import type { CapturePredicate, ScanLimits } from '../layer-scan.js';
import { withDefaultTag, looksLikeReference } from '../image-reference.js';
import { StreamedStore, extractMember } from '../stream-store.js';
import { EngineClient, EngineError } from './engine-client.js';
import { resolveEngineEndpoint, type EngineName } from './engine-endpoint.js';

/** An image in a local engine, inspected but not yet read. */
export interface EngineImage {
  label: string;
  /** `GET /images/{name}/json`: its `Config` is the image's runtime config, its `Id` the config digest. */
  inspect: Record<string, unknown>;
  imageId: string;
  /** Streams `GET /images/{name}/get` through the one-pass reader. */
  read(options: { limits: ScanLimits; capture?: CapturePredicate }): Promise<StreamedStore>;
}

/** The API path of an image: each path component escaped, the `/` between them kept, as the docker CLI sends it. */
function imagePath(reference: string): string {
  return reference.split('/').map(encodeURIComponent).join('/');
}

/** How to get a file instead, for the message that ends a bare reference no engine could give. */
function saveHint(reference: string): string {
  return `to read a file instead: docker save ${reference} -o image.tar`;
}

/**
 * Connects to the engine and inspects the image. Every failure is one line naming the reference: no socket,
 * no answer, no such image. A bare reference (no `docker://`) was first looked for as a file, so its
 * messages say that too.
 */
export async function connectEngineImage(engine: EngineName, reference: string, label: string, bare: boolean, signal?: AbortSignal): Promise<EngineImage> {
  const noFile = bare ? 'no such file or directory, and ' : '';
  if (!looksLikeReference(reference)) {
    throw new InputError(bare ? 'no such file or directory' : `not an image reference (expected NAME[:TAG|@DIGEST])`, label);
  }
  const name = withDefaultTag(reference);
  let client: EngineClient;
  try {
    client = await EngineClient.connect(resolveEngineEndpoint(engine), signal);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof EngineError)) throw error;
    const cause = error.message.replace(/^engine host /, '');
    throw new InputError(bare ? `${noFile}no ${engine} engine answered (${cause}); ${saveHint(reference)}` : cause, label);
  }
  const where = `the ${client.info.flavour} engine at ${client.info.endpoint}`;
  const response = await client.send('GET', `/images/${imagePath(name)}/json`, { signal });
  const body = await readSmall(response);
  if (response.statusCode === 404) {
    throw new InputError(`${noFile}${where} has no image ${name} (pull it first${bare ? `, or ${saveHint(reference)}` : ''})`, label);
  }
  if (response.statusCode !== 200) throw new InputError(`${where} answered ${response.statusCode} when inspecting ${name}: ${body.slice(0, 300)}`, label);
  const inspect = JSON.parse(body) as Record<string, unknown>;
  const imageId = String(inspect.Id ?? '');
  const save = (ref: string) => client.request('GET', `/images/${imagePath(ref)}/get`, { signal }).catch((error) => {
    throw new InputError(`${where} could not save ${ref}: ${(error as Error).message}`, label);
  });
  return {
    label,
    inspect,
    imageId,
    async read(options) {
      const stream = await save(name);
      // A layer's bytes are not kept; `run` needs them again to unpack or load, and asks the engine a second time.
      const reopen = async (member: string): Promise<Readable> => extractMember(await save(name), member, label);
      return StreamedStore.read(stream, label, { ...options, reopen });
    },
  };
}

async function readSmall(response: Readable): Promise<string> {
  let text = '';
  for await (const chunk of response) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > 16 * 1024 * 1024) throw new EngineError('engine answer too large');
  }
  return text;
}
