import { createHash } from 'node:crypto';
import { InputError } from '../../errors.js';
import type { ArchiveStore } from '../store.js';

export async function readJson(store: ArchiveStore, name: string): Promise<unknown> {
  const text = await store.readText(name);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${name} is not valid JSON (${(error as Error).message})`, store.label);
  }
}

/** Reads a JSON blob and checks it against the digest it is stored under. */
export async function readVerifiedJson(store: ArchiveStore, name: string, digest: string | undefined, declaredSize?: unknown): Promise<{ value: unknown; digest: string }> {
  // Hash the bytes as stored, then decode: a non-UTF-8 byte would otherwise change what is hashed.
  const bytes = await store.readBytes(name);
  const actual = 'sha256:' + createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  // As containerd: a descriptor's size is checked with its digest, never trusted silently.
  if (declaredSize !== undefined && declaredSize !== bytes.length) {
    throw new InputError(`size mismatch for ${name}: the descriptor says ${JSON.stringify(declaredSize)} bytes, the blob has ${bytes.length}`, store.label);
  }
  if (digest && digest.startsWith('sha256:') && actual !== digest) {
    throw new InputError(`digest mismatch for ${name}: expected ${digest}, content hashes to ${actual} (corrupt archive)`, store.label);
  }
  try {
    return { value: JSON.parse(text), digest: actual };
  } catch (error) {
    throw new InputError(`${name} is not valid JSON (${(error as Error).message})`, store.label);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function blobName(digest: string, store: ArchiveStore): string {
  const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
  if (!match) throw new InputError(`malformed digest ${JSON.stringify(digest)}`, store.label);
  return `blobs/${match[1]}/${match[2]}`;
}
