import xxhash from 'xxhash-wasm';

/**
 * Per-file content only has to tell equal files apart (duplicates, metadata-only copies); the blob and diff_id
 * checks keep sha256. xxh64 hashes about three times as fast as sha1 here, and every file byte goes through it.
 */
export type ContentHasher = Awaited<ReturnType<typeof xxhash>>;

let loading: Promise<ContentHasher> | undefined;
let loaded: ContentHasher | undefined;

/**
 * The xxh64 hasher, compiled on first use rather than at import: a module with a top-level await cannot be
 * bundled as CommonJS (the form `bin` loads with V8's code cache, scripts/bundle.mjs), and commands that read
 * no layer (lint, --help) never need it.
 */
export function contentHasher(): Promise<ContentHasher> {
  return (loading ??= xxhash().then((hasher) => (loaded = hasher)));
}

/** The content hash recorded for each regular file: `xxh64:` and 16 hex digits. Needs contentHasher() to have resolved. */
export function contentHashOf(data: Uint8Array): string {
  if (!loaded) throw new Error('contentHashOf before contentHasher() resolved');
  return 'xxh64:' + loaded.create64().update(data).digest().toString(16).padStart(16, '0');
}
