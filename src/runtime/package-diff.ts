import { FileTree } from '../image/filesystem.js';
import type { Image } from '../image/model.js';
import { parseApkInstalled, parseDpkgStatus } from '../analysis/base/packages.js';
import { readImageFile } from '../analysis/base/read-file.js';
import type { InstalledPackage } from '../analysis/base/types.js';

export interface PackageChange {
  name: string;
  kind: 'added' | 'removed' | 'upgraded' | 'downgraded';
  from?: string;
  to?: string;
}

export interface PackageDiff {
  /** Which database each image has (undefined: none found, or its content was not captured). */
  managers: { a?: 'dpkg' | 'apk'; b?: 'dpkg' | 'apk' };
  changes: PackageChange[];
}

/**
 * The installed packages of an image, from the databases the loader captures (dpkg status, distroless's
 * status.d/, apk installed). Parsing is src/analysis/base/packages.ts; this only finds the files.
 */
export function installedPackages(image: Image, tree: FileTree = FileTree.fromLayers(image.layers)): { manager?: 'dpkg' | 'apk'; packages: InstalledPackage[] } {
  const status = readImageFile(image, tree, 'var/lib/dpkg/status');
  const statusD = tree.get('var/lib/dpkg/status.d');
  if (status || statusD?.children) {
    const texts = status ? [status.content.toString('utf8')] : [];
    for (const [name] of statusD?.children ?? []) {
      if (name.endsWith('.md5sums')) continue;
      const file = readImageFile(image, tree, `var/lib/dpkg/status.d/${name}`);
      if (file) texts.push(file.content.toString('utf8'));
    }
    if (texts.length) return { manager: 'dpkg', packages: texts.flatMap(parseDpkgStatus) };
  }
  const apk = readImageFile(image, tree, 'lib/apk/db/installed') ?? readImageFile(image, tree, 'usr/lib/apk/db/installed');
  if (apk) return { manager: 'apk', packages: parseApkInstalled(apk.content.toString('utf8')) };
  return { packages: [] };
}

export function diffPackages(a: Image, b: Image, trees?: { a: FileTree; b: FileTree }): PackageDiff {
  const left = installedPackages(a, trees?.a);
  const right = installedPackages(b, trees?.b);
  const before = new Map(left.packages.map((p) => [p.name, p.version]));
  const after = new Map(right.packages.map((p) => [p.name, p.version]));
  const changes: PackageChange[] = [];
  for (const [name, to] of after) {
    const from = before.get(name);
    if (from === undefined) changes.push({ name, kind: 'added', to });
    else if (from !== to) changes.push({ name, kind: compareVersions(to, from) >= 0 ? 'upgraded' : 'downgraded', from, to });
  }
  for (const [name, from] of before) if (!after.has(name)) changes.push({ name, kind: 'removed', from });
  changes.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { managers: { ...(left.manager ? { a: left.manager } : {}), ...(right.manager ? { b: right.manager } : {}) }, changes };
}

/**
 * Debian's version order (deb-version(5)): epoch, then upstream and revision compared by alternating
 * non-digit runs (letters before non-letters, `~` before everything, even the end) and numeric runs.
 * apk versions (1.2.3-r4) order the same way for the cases that matter here (which side is newer).
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const colon = v.indexOf(':');
    const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
    const rest = colon > 0 ? v.slice(colon + 1) : v;
    const dash = rest.lastIndexOf('-');
    return { epoch, upstream: dash > 0 ? rest.slice(0, dash) : rest, revision: dash > 0 ? rest.slice(dash + 1) : '' };
  };
  const x = split(a);
  const y = split(b);
  return x.epoch - y.epoch || comparePart(x.upstream, y.upstream) || comparePart(x.revision, y.revision);
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/\d/.test(a[i])) || (j < b.length && !/\d/.test(b[j]))) {
      const ca = i < a.length && !/\d/.test(a[i]) ? a[i] : undefined;
      const cb = j < b.length && !/\d/.test(b[j]) ? b[j] : undefined;
      const diff = order(ca) - order(cb);
      if (diff) return diff;
      if (ca !== undefined) i++;
      if (cb !== undefined) j++;
    }
    let na = '';
    let nb = '';
    while (i < a.length && /\d/.test(a[i])) na += a[i++];
    while (j < b.length && /\d/.test(b[j])) nb += b[j++];
    const diff = Number(na || 0) - Number(nb || 0);
    if (diff) return diff;
  }
  return 0;
}
