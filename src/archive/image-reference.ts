/**
 * What the user named as the image: a file or directory, or an image in an engine (`docker://`,
 * `podman://`). A bare reference (`nginx:1.27`) is tried as a file first and then as an engine image, so
 * the decision whether a bare name is a reference is left to the caller, which knows whether the file exists.
 */
export type ImageSource =
  | { kind: 'path'; path: string }
  | { kind: 'engine'; engine: 'docker' | 'podman'; reference: string; label: string; bare: boolean }
  | { kind: 'registry'; label: string };

const ENGINE_SCHEMES = { 'docker://': 'docker', 'podman://': 'podman' } as const;

// The reference grammar of distribution/reference, without the length limits: [host[:port]/]path[:tag][@digest].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const REFERENCE = new RegExp(`^${HOST}?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

export function looksLikeReference(text: string): boolean {
  return REFERENCE.test(text);
}

/** `busybox` saves every tag of the repository; the reference means `busybox:latest`, as `docker run` reads it. */
export function withDefaultTag(reference: string): string {
  if (reference.includes('@')) return reference;
  const lastSlash = reference.lastIndexOf('/');
  return reference.slice(lastSlash + 1).includes(':') ? reference : `${reference}:latest`;
}

export function parseImageSource(input: string): ImageSource {
  for (const [scheme, engine] of Object.entries(ENGINE_SCHEMES)) {
    if (input.startsWith(scheme)) {
      return { kind: 'engine', engine, reference: input.slice(scheme.length), label: input, bare: false };
    }
  }
  if (input.startsWith('registry://')) return { kind: 'registry', label: input };
  return { kind: 'path', path: input };
}

/** A bare reference that names no file: read from the local Docker engine, labelled as the user wrote it. */
export function bareEngineSource(input: string): ImageSource {
  return { kind: 'engine', engine: 'docker', reference: input, label: input, bare: true };
}

export const SOURCE_KINDS = ['file', 'docker', 'podman', 'registry'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const SCHEME_OF: Record<Exclude<SourceKind, 'file'>, string> = { docker: 'docker://', podman: 'podman://', registry: 'registry://' };

/**
 * What the user named, read as `--from` says: `--from registry nginx:1.27` is `registry://nginx:1.27`. A name
 * that already has a scheme must agree with it. `--from file` keeps a bare reference that names no file
 * from going to the engine (it is then "no such file"). Undefined when the two disagree.
 */
export function withSourceKind(input: string, from: SourceKind | undefined): string | undefined {
  if (!from) return input;
  const scheme = Object.values(SCHEME_OF).find((s) => input.startsWith(s));
  if (from === 'file') {
    if (scheme) return undefined;
    return looksLikeReference(input) ? `./${input}` : input;
  }
  if (scheme) return scheme === SCHEME_OF[from] ? input : undefined;
  return SCHEME_OF[from] + input;
}
