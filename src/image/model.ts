/**
 * The image model: the contract between the archive readers and every analysis, rule and report.
 * Paths are relative to the image root, without a leading slash (`etc/passwd`); the root itself is ''.
 */

export type ArchiveFormat =
  | 'docker-archive'        // docker save of Docker <= 24 (and kaniko, crane, skopeo docker-archive)
  | 'docker-archive-oci'    // docker save of Docker >= 25: an OCI layout plus manifest.json
  | 'registry'              // pulled from a registry over the OCI distribution API
  | 'docker-archive-v1'     // the oldest save layout: repositories and <id>/json, no manifest.json
  | 'oci-archive'           // an OCI image layout in a tar (skopeo, podman, buildah)
  | 'oci-layout'            // an OCI image layout directory
  | 'docker-export';        // a container snapshot from docker export: a bare root filesystem

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo';

/** One tar header of a layer, after whiteout markers were taken out into `whiteouts` and `opaqueDirs`. */
export interface LayerEntry {
  path: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  /** Content bytes (0 for everything but regular files). */
  size: number;
  /** Symlink target, or for a hard link the path it links to. */
  linkTarget?: string;
  mtime: number;
  /** `xxh64:<hex>` of the content, for regular files with content; identity only, not a security digest. */
  contentHash?: string;
}

export interface Layer {
  index: number;
  /** Digest of the blob as stored (compressed when compressed). */
  digest: string;
  /** sha256 of the uncompressed tar, as listed in the config's rootfs.diff_ids. */
  diffId: string;
  mediaType?: string;
  compression: 'none' | 'gzip' | 'zstd';
  /** Size of the blob as stored. */
  compressedBytes: number;
  /** Size of the uncompressed tar stream. */
  tarBytes: number;
  /** Sum of the sizes of the regular files the layer writes: what `docker history` shows as SIZE. */
  bytes: number;
  entries: LayerEntry[];
  /** Paths deleted from lower layers by `.wh.<name>` markers. */
  whiteouts: string[];
  /** Directories whose lower contents are hidden by `.wh..wh..opq`. */
  opaqueDirs: string[];
  /**
   * Entry headers in the layer tar, as `tar -t` lists them: one more than entries + whiteouts + opaque
   * markers when the tar has a `./` root entry (umoci, bazel and go-containerregistry write one), which
   * is no path of the filesystem. Absent on a hand-built layer.
   */
  tarEntries?: number;
  /** The history entry that made this layer, when the history lines up. */
  historyIndex?: number;
  createdBy?: string;
  /**
   * Content of the few small files the scan was asked to keep (os-release, package databases, the head of
   * the entrypoint binary: see src/image/captured-files.ts), keyed by path. Only regular files
   * this layer writes; a leading slice when the capture asked for one (compare with the entry's size).
   * Absent when the image was loaded without capture. Everything else in the model is headers only.
   */
  captured?: Map<string, Buffer>;
}

export interface HistoryEntry {
  index: number;
  created?: string;
  createdBy: string;
  author?: string;
  comment?: string;
  emptyLayer: boolean;
  /** The layer this entry made; undefined for empty_layer entries. */
  layerIndex?: number;
}

export interface HealthcheckConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface ImageConfig {
  Env: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  User?: string;
  WorkingDir?: string;
  ExposedPorts: string[];
  Volumes: string[];
  Labels: Record<string, string>;
  Healthcheck?: HealthcheckConfig;
  StopSignal?: string;
  OnBuild: string[];
  Shell?: string[];
  ArgsEscaped?: boolean;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Image {
  /** The path the user named, or '-' for stdin. */
  source: string;
  format: ArchiveFormat;
  /** The best human name: the first tag, else the reference name, else the short digest. */
  name: string;
  tags: string[];
  /** The image id: sha256 of the config blob (undefined for an exported snapshot, which has no config). */
  digest?: string;
  /** Digest of the OCI manifest, when the archive has one. */
  manifestDigest?: string;
  platform: Platform;
  created?: string;
  config: ImageConfig;
  /** The config blob as it was, for what the normalized fields leave out. */
  rawConfig: Record<string, unknown>;
  history: HistoryEntry[];
  layers: Layer[];
  /** `false` when no layer was read (`dockerfile --quick`): layers carry their declared digests and stored sizes only. */
  layersRead?: boolean;
  /** Things the user should know about how the archive was read (picked platform, missing history, ...). */
  notes: string[];
}
