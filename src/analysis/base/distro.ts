/** Distribution and version from the release files every distribution writes (os-release(5) first). */

export type ReadText = (path: string) => string | undefined;
export type PathExists = (path: string) => boolean;

export interface DistroInfo {
  /** os-release ID, lowercased (`debian`, `ubuntu`, `alpine`, `wolfi`, `rhel`), or `busybox` / `unknown`. */
  id: string;
  name?: string;
  prettyName?: string;
  version?: string;
  codename?: string;
  /** ID_LIKE words (`ubuntu` is `debian`-like). */
  like: string[];
  /** The files that told us. */
  evidence: string[];
  /** Distroless writes os-release with PRETTY_NAME "Distroless" and ID debian. */
  distroless: boolean;
  /** Version string found inside /bin/busybox (`1.36.1`). */
  busyboxVersion?: string;
}

/** os-release(5): KEY=value lines, values optionally quoted with shell quoting. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    fields[line.slice(0, eq)] = value;
  }
  return fields;
}

/** `BusyBox v1.36.1 (2023-...)` is the banner compiled into every busybox binary. */
export function busyboxVersion(binary: Buffer): string | undefined {
  const at = binary.indexOf('BusyBox v');
  if (at === -1) return undefined;
  const match = /^BusyBox v(\d+\.\d+(?:\.\d+)?)/.exec(binary.subarray(at, at + 40).toString('latin1'));
  return match?.[1];
}

export function identifyDistro(readText: ReadText, exists: PathExists, readBinary: (path: string) => Buffer | undefined): DistroInfo {
  const evidence: string[] = [];
  let fields: Record<string, string> = {};
  for (const path of ['etc/os-release', 'usr/lib/os-release']) {
    const text = readText(path);
    if (text !== undefined) {
      fields = parseOsRelease(text);
      evidence.push(`/${path}`);
      break;
    }
  }
  const info: DistroInfo = {
    id: (fields.ID ?? '').toLowerCase() || 'unknown',
    name: fields.NAME,
    prettyName: fields.PRETTY_NAME,
    version: fields.VERSION_ID,
    codename: fields.VERSION_CODENAME || undefined,
    like: (fields.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    evidence,
    distroless: /distroless/i.test(`${fields.PRETTY_NAME ?? ''} ${fields.HOME_URL ?? ''}`),
  };

  // The release files carry more precision than os-release (Alpine's VERSION_ID is already full; Debian's is
  // only the major, /etc/debian_version has the point release).
  const alpine = readText('etc/alpine-release')?.trim();
  if (alpine) {
    evidence.push('/etc/alpine-release');
    if (info.id === 'unknown') info.id = 'alpine';
    if (info.id === 'alpine') info.version = alpine;
  }
  const debian = readText('etc/debian_version')?.trim();
  if (debian) {
    evidence.push('/etc/debian_version');
    if (info.id === 'unknown') info.id = 'debian';
    // `12.5` refines `12`; testing/sid write `trixie/sid`, which is no version.
    if (info.id === 'debian' && /^\d+(\.\d+)*$/.test(debian) && (!info.version || debian.startsWith(info.version))) info.version = debian;
  }
  if (info.id === 'unknown') {
    const lsb = readText('etc/lsb-release');
    if (lsb) {
      const l = parseOsRelease(lsb);
      evidence.push('/etc/lsb-release');
      info.id = (l.DISTRIB_ID ?? 'unknown').toLowerCase();
      info.version = l.DISTRIB_RELEASE;
      info.codename = l.DISTRIB_CODENAME;
    }
  }
  if (info.id === 'unknown') {
    const redhat = readText('etc/redhat-release') ?? readText('etc/system-release');
    if (redhat) {
      evidence.push('/etc/redhat-release');
      const m = /^(.*?) release (\d+(?:\.\d+)*)/.exec(redhat.trim());
      info.id = m && /centos/i.test(m[1]) ? 'centos' : m && /fedora/i.test(m[1]) ? 'fedora' : 'rhel';
      info.version = m?.[2];
      info.name = m?.[1];
    }
  }
  for (const path of ['bin/busybox', 'usr/bin/busybox']) {
    if (!exists(path)) continue;
    const binary = readBinary(path);
    info.busyboxVersion = binary ? busyboxVersion(binary) : undefined;
    if (info.id === 'unknown') {
      info.id = 'busybox';
      info.version = info.busyboxVersion;
      evidence.push(`/${path}`);
    }
    break;
  }
  return info;
}
