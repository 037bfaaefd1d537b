/**
 * COPY/ADD sources the history hides, named from what the layer wrote. The legacy builder and buildah
 * record `COPY file:<sha256> in /dst` (a content hash, not a name), and no builder records `--chown`;
 * the layer's tar headers still carry the file names, owners and sizes.
 */
import { posix } from 'node:path';
import type { Layer, LayerEntry } from '../../image/model.js';
import type { ParsedInstruction } from './parse-created-by.js';

export interface NamedCopy {
  /** Flags to write (`--chown=10001:10001`), recorded or recovered. */
  flags: string[];
  sources: string[];
  destination: string;
  /** Comment lines: what was guessed and what the layer added. */
  notes: string[];
}

const LIST_LIMIT = 8;

/** `./conf` under WORKDIR `/opt/app` → `opt/app/conf` (image-relative, as the model names paths). */
export function imagePath(destination: string, workdir: string): string {
  const abs = destination.startsWith('/') ? destination : posix.join(workdir || '/', destination);
  return posix.normalize(abs).replace(/^\/+/, '').replace(/\/+$/, '');
}

/** What the layer wrote at or under `dest`, leaving out the parent directories it only touched. */
function writtenUnder(layer: Layer, dest: string): LayerEntry[] {
  if (dest === '') return layer.entries;
  const prefix = `${dest}/`;
  return layer.entries.filter((e) => e.path === dest || e.path.startsWith(prefix));
}

function listed(names: string[]): string {
  return names.length <= LIST_LIMIT ? names.join(', ') : `${names.slice(0, LIST_LIMIT).join(', ')} and ${names.length - LIST_LIMIT} more`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One owner for every file the copy wrote, when it is not root: the `--chown` the history left out. */
function recoveredChown(entries: LayerEntry[]): string | undefined {
  // Compared as numbers: a `uid:gid` string per file was most of what naming a large COPY allocated.
  const hasFiles = entries.some((e) => e.type !== 'directory');
  let owner: LayerEntry | undefined;
  for (const e of entries) {
    if (hasFiles && e.type === 'directory') continue;
    if (!owner) owner = e;
    else if (!sameId(e.uid, owner.uid) || !sameId(e.gid, owner.gid)) return undefined;
  }
  if (!owner || (owner.uid === 0 && owner.gid === 0)) return undefined;
  return `${owner.uid}:${owner.gid}`;
}

/** Equal as `${id}` would print them (NaN included). */
function sameId(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** The first path component below `dest` of each entry under it (the entry at `dest` itself left out). */
function topNamesBelow(entries: LayerEntry[], dest: string): Set<string> {
  const names = new Set<string>();
  const start = dest === '' ? 0 : dest.length + 1;
  for (const e of entries) {
    if (e.path === dest) continue;
    const slash = e.path.indexOf('/', start);
    names.add(slash === -1 ? e.path.slice(start) : e.path.slice(start, slash));
  }
  return names;
}

/** Names for a COPY/ADD from its record and its layer; `workdir` resolves a relative destination. */
export function nameCopySources(parsed: ParsedInstruction, layer: Layer | undefined, workdir: string, squashed = false): NamedCopy {
  const destination = parsed.destination ?? '';
  const recorded = parsed.sources ?? [];
  const flags = [...(parsed.flags ?? [])];
  const notes: string[] = [];
  if (!layer) return { flags, sources: recorded, destination, notes };

  const dest = imagePath(destination, workdir);
  const written = writtenUnder(layer, dest);
  if (squashed) {
    // Other steps wrote into the same layer: only a file copied to its own path can be told apart.
    const exact = written.find((e) => e.path === dest && e.type === 'file');
    if (parsed.hiddenSource && exact) {
      return { flags, sources: [posix.basename(dest)], destination, notes: [`source named from /${dest} in layer ${layer.index}, which the builder squashed this step into (history: ${(recorded[0] ?? '').slice(0, 17)}…)`] };
    }
    if (parsed.hiddenSource) notes.push(`the source's name was not recorded and the builder squashed this step into layer ${layer.index} with others, so it cannot be told from the layer`);
    return { flags, sources: recorded, destination, notes };
  }
  if (!flags.some((f) => f.startsWith('--chown')) && written.length) {
    const chown = recoveredChown(written);
    if (chown) {
      flags.push(`--chown=${chown}`);
      notes.push(`--chown=${chown}: the owner of the files the layer wrote (history does not record --chown)`);
    }
  }
  const files = written.filter((e) => e.type !== 'directory');
  const bytes = files.reduce((sum, e) => sum + e.size, 0);

  const inline = recorded.filter((src) => src.startsWith('<<'));
  if (inline.length) {
    // BuildKit records a COPY heredoc as `<<EOF`: the content is only in the layer, as a file named like the delimiter.
    const named = recorded.map((src) => {
      if (!src.startsWith('<<')) return src;
      const file = files.find((e) => e.path === dest || posix.basename(e.path) === src.slice(2));
      return file ? posix.basename(file.path) : src.slice(2);
    });
    notes.push(`${inline.join(' ')}: an inline file (heredoc) in the source, whose text the history does not keep; the layer wrote ${files.map((e) => `/${e.path} (${e.size} bytes)`).join(', ') || 'no file'}`);
    return { flags, sources: named, destination, notes };
  }
  if (!parsed.hiddenSource) {
    if (files.length > LIST_LIMIT) notes.push(`the layer added ${plural(files.length, 'file')} (${bytes} bytes) under /${dest}`);
    return { flags, sources: recorded, destination, notes };
  }

  const hash = recorded[0] ?? '';
  const kind = hash.split(':')[0];
  const short = hash.slice(0, kind.length + 1 + 12);
  if (kind === 'file' && files.length === 1) {
    const file = files[0]!;
    return { flags, sources: [posix.basename(file.path)], destination, notes: [...notes, `source named from the file the layer wrote, /${file.path} (history: ${short}…)`] };
  }
  if (kind === 'file' && files.length > 1) {
    // One source file that became many: ADD unpacked an archive.
    const name = dest === '' ? 'rootfs.tar' : `${posix.basename(dest)}.tar`;
    notes.push(`${name}: the archive's name was not recorded (${short}…); ADD unpacked ${plural(files.length, 'file')} (${bytes} bytes) into /${dest}`);
    return { flags, sources: [name], destination, notes };
  }
  const children = [...topNamesBelow(written, dest)].sort();
  if (kind === 'multi' && children.length > 0 && children.length <= LIST_LIMIT) {
    notes.push(`sources named from what the layer added under /${dest} (history: ${short}…)`);
    return { flags, sources: children, destination: destination.endsWith('/') ? destination : `${destination}/`, notes };
  }
  // dir: (or a multi: too wide to list): the directory's own name is not in the image, only its contents.
  const name = `${posix.basename(dest) || 'rootfs'}/`;
  notes.push(`${name}: the source directory's name was not recorded (${short}…)`);
  if (children.length) notes.push(`the layer added ${plural(files.length, 'file')} (${bytes} bytes) under /${dest}: ${listed(children)}`);
  return { flags, sources: [name], destination, notes };
}
