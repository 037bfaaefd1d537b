/**
 * Just enough of dpkg's status database to tell which packages an install pulled in only as
 * recommendations: names, dependency fields, provides and Installed-Size (KiB, deb-control(5)).
 */
import type { Image } from '../image/model.js';

export interface DpkgPackage {
  name: string;
  depends: string[][];
  recommends: string[][];
  provides: string[];
  installedBytes: number;
}

const STATUS = 'var/lib/dpkg/status';

/** `a (>= 1) | b:any, c` → [['a', 'b'], ['c']]. */
function relations(field: string | undefined): string[][] {
  if (!field) return [];
  return field.split(',').map((group) => group.split('|').map((alt) => alt.trim().replace(/\s*\(.*?\)/g, '').replace(/\s*\[.*?\]/g, '').replace(/:\S+$/, '').trim()).filter(Boolean)).filter((g) => g.length > 0);
}

export function parseDpkgRelations(text: string): Map<string, DpkgPackage> {
  const packages = new Map<string, DpkgPackage>();
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of block.split('\n')) {
      if (/^[ \t]/.test(line)) { if (last) fields.set(last, `${fields.get(last)} ${line.trim()}`); continue; }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      fields.set(last, line.slice(colon + 1).trim());
    }
    const name = fields.get('Package');
    const status = fields.get('Status');
    if (!name || (status !== undefined && status.split(/\s+/)[2] !== 'installed')) continue;
    packages.set(name, {
      name,
      depends: [...relations(fields.get('Pre-Depends')), ...relations(fields.get('Depends'))],
      recommends: relations(fields.get('Recommends')),
      provides: relations(fields.get('Provides')).flat(),
      installedBytes: (Number(fields.get('Installed-Size')) || 0) * 1024,
    });
  }
  return packages;
}

/** The status database as the given layer left it (the last capture at or below it); undefined when none was captured. */
export function dpkgStatusAt(image: Image, layerIndex: number): Map<string, DpkgPackage> | undefined {
  for (let i = layerIndex; i >= 0; i--) {
    const text = image.layers[i]?.captured?.get(STATUS);
    if (text) return parseDpkgRelations(text.toString('utf8'));
    if (image.layers[i]?.entries.some((e) => e.path === STATUS)) return undefined;
  }
  return new Map();
}

/**
 * Packages new in `after` that no requested package (or package already installed) needs through
 * Depends/Pre-Depends: what `--no-install-recommends` would have left out.
 */
export function recommendedOnly(before: Map<string, DpkgPackage>, after: Map<string, DpkgPackage>, requested: string[]): DpkgPackage[] {
  const providers = new Map<string, string[]>();
  for (const p of after.values()) for (const v of [p.name, ...p.provides]) providers.set(v, [...(providers.get(v) ?? []), p.name]);
  const needed = new Set<string>();
  const queue = [...requested.flatMap((r) => providers.get(r) ?? []), ...[...before.keys()].filter((n) => after.has(n))];
  while (queue.length) {
    const name = queue.pop()!;
    if (needed.has(name)) continue;
    needed.add(name);
    for (const group of after.get(name)?.depends ?? []) {
      const satisfied = group.map((alt) => providers.get(alt) ?? []).find((list) => list.length > 0);
      if (satisfied) queue.push(...satisfied);
    }
  }
  return [...after.values()].filter((p) => !before.has(p.name) && !needed.has(p.name)).sort((a, b) => b.installedBytes - a.installedBytes || a.name.localeCompare(b.name));
}
