/** What base-image identification reports: the `base` field of the JSON report. */

export type Libc = 'glibc' | 'musl' | 'none' | 'unknown';
export type PackageManager = 'dpkg' | 'apk' | 'rpm' | 'none';

export interface InstalledPackage {
  name: string;
  version: string;
  /** Installed size in bytes (dpkg's Installed-Size is KiB and is converted; apk's I: is bytes). */
  installedBytes?: number;
}

export interface PackageInventory {
  manager: PackageManager;
  /** The database file(s) read, image paths. */
  source?: string;
  /** Undefined when the database exists but is not parsed (rpm). */
  count?: number;
  installedBytes?: number;
  packages: InstalledPackage[];
  /** Packages present in the final image that the base layers did not have: what the image's own layers installed. */
  addedOnTop?: string[];
  note?: string;
}

export interface RuntimeInfo {
  name: 'node' | 'python' | 'java' | 'go' | 'ruby' | 'dotnet' | 'php';
  /** Full version when known (`22.11.0`), else the major/minor the paths show (`3.12`). */
  version?: string;
  major?: string;
  /** The path that shows the runtime is there. */
  path: string;
  /** Where the version came from (an env var, a version file, a directory name, a package). */
  evidence: string;
}

export interface BinaryInfo {
  /** The path named in the config (`/app/server`, or a bare name looked up in PATH). */
  command: string;
  /** Where it resolved in the image, symlinks followed; undefined when it is not in the image. */
  path?: string;
  kind: 'elf-static' | 'elf-dynamic' | 'script' | 'missing' | 'unknown';
  /** The ELF program interpreter (`/lib/ld-musl-x86_64.so.1`) or the script's `#!` line. */
  interpreter?: string;
  libc?: Libc;
  /** True for shells and busybox: the image needs a shell, so scratch cannot replace its base. */
  isShell?: boolean;
}

export interface BaseGuess {
  /** The closest known image (`debian:12-slim`), or a description when no known image fits. */
  image: string;
  confidence: 'label' | 'high' | 'medium' | 'low';
  reasons: string[];
  /** The knowledge base's uncompressed size of that image. */
  knownBytes?: number;
}

export interface EolStatus {
  /** The product whose support ends (`Debian 11 (bullseye)`, `Node.js 18`). */
  subject: string;
  /** The product and the release cycle alone (`Debian`, `12`), for the upgrade advice. */
  product: string;
  release: string;
  date: string;
  ended: boolean;
  /** Majors (or releases) newer than this one in the knowledge base. */
  behind: number;
  latest?: string;
  source: string;
}

export interface BaseAlternative {
  /** Image reference to put in FROM. */
  ref: string;
  from: string;
  variant: string;
  /** The C library its binaries use (`none` for static-only bases such as scratch). */
  libc: Libc;
  /** Uncompressed size the knowledge base gives for it. */
  bytes: number;
  /** Its registry download (compressed layers), when the knowledge base gives one. */
  compressedBytes?: number;
  estimatedSavingBytes: number;
  /** What the switch keeps (same runtime major, same libc, ...). */
  keeps: string[];
  /** What to check before switching: said before the alternative is offered, never hidden. */
  cautions: string[];
  source: string;
  estimate: boolean;
}

export interface BaseReport {
  /** os-release ID (`debian`, `alpine`), or `busybox` / `scratch` / `unknown`. */
  os: string;
  osName?: string;
  version?: string;
  codename?: string;
  /** The knowledge-base family the image is built on (`debian`, `distroless`, `node`, ...). */
  family: string;
  libc: Libc;
  /** Files that identified the distribution. */
  evidence: string[];
  packages: PackageInventory;
  runtimes: RuntimeInfo[];
  /** The ENTRYPOINT/CMD programs, first the one that runs. */
  entrypoint: BinaryInfo[];
  /** `org.opencontainers.image.base.name` and `.base.digest` when the build recorded them. */
  labels: { baseName?: string; baseDigest?: string };
  /** How many leading layers belong to the base image, and why we think so. */
  baseLayers: number;
  baseHistoryIndex?: number;
  boundary: string;
  /** File bytes of those layers. */
  baseBytes: number;
  guess: BaseGuess;
  eol: EolStatus[];
  /** The bytes the suggestions are measured against: baseBytes when the boundary is known, else the guess's known size. */
  currentBytes: number;
  alternatives: BaseAlternative[];
  /** Why there is no alternative, when there is none. */
  noAlternativeReason?: string;
}
