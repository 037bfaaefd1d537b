import type { InstalledPackage } from './types.js';

/** RFC 822-style stanzas separated by blank lines; continuation lines (leading space) are folded away. */
function stanzas(text: string): Map<string, string>[] {
  const result: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let lastKey: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size) result.push(current);
      current = new Map();
      lastKey = undefined;
      continue;
    }
    if (/^[ \t]/.test(line)) {
      if (lastKey) current.set(lastKey, `${current.get(lastKey)}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastKey = line.slice(0, colon);
    current.set(lastKey, line.slice(colon + 1).trim());
  }
  if (current.size) result.push(current);
  return result;
}

/**
 * dpkg's status database (`/var/lib/dpkg/status`, or one file per package in distroless's
 * `/var/lib/dpkg/status.d/`). Only packages whose state is `installed` count; removed packages that left
 * config files (`deinstall ok config-files`) do not. Installed-Size is in KiB (deb-control(5)).
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const s of stanzas(text)) {
    const name = s.get('Package');
    if (!name) continue;
    const status = s.get('Status');
    // Distroless status.d files omit Status: every package listed there is installed.
    if (status !== undefined && status.split(/\s+/)[2] !== 'installed') continue;
    const kib = Number(s.get('Installed-Size'));
    packages.push({
      name,
      version: s.get('Version') ?? '',
      installedBytes: Number.isFinite(kib) && s.has('Installed-Size') ? kib * 1024 : undefined,
    });
  }
  return packages;
}

/**
 * apk's installed database (`/lib/apk/db/installed`): one record per package, one `X:value` line per field
 * (P name, V version, I installed size in bytes; apk-tools' doc/apk-package.5).
 */
export function parseApkInstalled(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  let current: Partial<InstalledPackage> = {};
  const flush = () => {
    if (current.name) packages.push({ name: current.name, version: current.version ?? '', installedBytes: current.installedBytes });
    current = {};
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') { flush(); continue; }
    if (line[1] !== ':') continue;
    const value = line.slice(2);
    if (line[0] === 'P') current.name = value;
    else if (line[0] === 'V') current.version = value;
    else if (line[0] === 'I') {
      const bytes = Number(value);
      if (Number.isFinite(bytes)) current.installedBytes = bytes;
    }
  }
  flush();
  return packages;
}

export function sumInstalledBytes(packages: InstalledPackage[]): number | undefined {
  if (!packages.some((p) => p.installedBytes !== undefined)) return undefined;
  return packages.reduce((sum, p) => sum + (p.installedBytes ?? 0), 0);
}
