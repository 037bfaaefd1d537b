/**
 * Just enough of dpkg's status database to tell which packages an install pulled in only as
 * recommendations: names, dependency fields, provides and Installed-Size (KiB, deb-control(5)).
 */
import { isLineBreak } from './line-breaks.js';
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
  return field.split(',').map((group) => group.split('|').map(packageName).filter(Boolean)).filter((g) => g.length > 0);
}

/**
 * `libc6:amd64 (>= 2.36) [linux-any]` → `libc6`. What `.replace(/\s*\(.*?\)/g, '')`,
 * `.replace(/\s*\[.*?\]/g, '')` and `.replace(/:\S+$/, '')` left, in linear steps: the first two retried
 * from every space of a long run before an unclosed bracket, the last from every `:` of a long word.
 */
export function packageName(alternative: string): string {
  return withoutArchQualifier(withoutGroups(withoutGroups(alternative.trim(), '(', ')'), '[', ']')).trim();
}

const SPACE = /\s/;

/** Each `open … close` (no line break inside) with the spaces before it removed, left to right. */
function withoutGroups(text: string, open: string, close: string): string {
  let out = '';
  let kept = 0;
  for (let at = text.indexOf(open); at >= 0; ) {
    let end = at + 1;
    while (end < text.length && text[end] !== close && !isLineBreak(text[end])) end++;
    if (end >= text.length) break;
    if (text[end] !== close) { at = text.indexOf(open, end); continue; }
    let start = at;
    while (start > kept && SPACE.test(text[start - 1]!)) start--;
    out += text.slice(kept, start);
    kept = end + 1;
    at = text.indexOf(open, kept);
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** The `:arch` qualifier: from the first `:` of the last word that has something after it. */
function withoutArchQualifier(text: string): string {
  let wordStart = text.length;
  while (wordStart > 0 && !SPACE.test(text[wordStart - 1]!)) wordStart--;
  const colon = text.indexOf(':', wordStart);
  return colon >= 0 && colon < text.length - 1 ? text.slice(0, colon) : text;
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
