import type { EntryType } from '../image/model.js';
import { formatBytes } from '../bytes.js';
import type { Finding } from '../lint/types.js';

/**
 * What one `tsimage run` did to the container's filesystem: the machine-readable result of the run, and
 * the shape rules read (schema `tsimage.run-changes/v1`). Paths follow the image model: image-relative,
 * no leading slash (`tmp/cache.bin`), so they can be looked up in a FileTree of the same image.
 *
 *   { schema, engine: {name, version?, apiVersion?, endpoint?}, image: {source, id?, name, loaded},
 *     command: string[], exitCode: number | null, timedOut: boolean, durationMs,
 *     changes: [{ path, kind: 'added'|'changed'|'deleted', type?, size?, sizeBefore?, mode?, modeBefore?,
 *                 linkTarget?, linkTargetBefore?, contents? }],
 *     totals: { added, changed, deleted, addedBytes, changedBytes, deletedBytes }, notes: string[], findings: Finding[] }
 *
 * `size` is the size after the run (added/changed), `sizeBefore` the size in the image (changed/deleted);
 * `mode`/`modeBefore` the permission bits (with setuid, setgid, sticky) after and before; `linkTarget` /
 * `linkTargetBefore` a symlink's target. Directories are listed like Docker lists them (a directory whose
 * entries changed is `changed`; a deleted directory is one line), and a deleted directory's `contents` say
 * what it held in the image (entries below it, of which files, and their bytes), counted in the totals.
 * `exitCode` is the command's; `tsimage run --fail-on-exit` makes a non-zero one tsimage's exit 1.
 */
export type ChangeKind = 'added' | 'changed' | 'deleted';

export interface FileChange {
  path: string;
  kind: ChangeKind;
  type?: EntryType;
  size?: number;
  sizeBefore?: number;
  mode?: number;
  modeBefore?: number;
  linkTarget?: string;
  linkTargetBefore?: string;
  /** A deleted directory: what it held in the image (paths not listed on their own). */
  contents?: { entries: number; files: number; bytes: number };
}

export interface ChangeSet {
  schema: 'tsimage.run-changes/v1';
  engine: { name: 'docker' | 'podman' | 'runc'; version?: string; apiVersion?: string; endpoint?: string };
  image: { source: string; id?: string; name: string; loaded: boolean };
  command: string[];
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  changes: FileChange[];
  totals: { added: number; changed: number; deleted: number; addedBytes: number; changedBytes: number; deletedBytes: number };
  notes: string[];
  /** What the run rules (src/runtime/run-findings.ts) made of the changes. */
  findings: Finding[];
}

/** Docker's Kind numbers (GET /containers/{id}/changes). */
export function changeKindOf(kind: number): ChangeKind {
  return kind === 1 ? 'added' : kind === 2 ? 'deleted' : 'changed';
}

export function totalsOf(changes: FileChange[]): ChangeSet['totals'] {
  const totals = { added: 0, changed: 0, deleted: 0, addedBytes: 0, changedBytes: 0, deletedBytes: 0 };
  for (const change of changes) {
    if (change.type === 'directory') continue;
    totals[change.kind]++;
    if (change.kind === 'added') totals.addedBytes += change.size ?? 0;
    if (change.kind === 'changed') totals.changedBytes += (change.size ?? 0) - (change.sizeBefore ?? 0);
    if (change.kind === 'deleted') totals.deletedBytes += change.sizeBefore ?? 0;
  }
  // `rm -rf dir`: the directory is one line, its files are deletions all the same.
  for (const change of changes) {
    if (change.kind !== 'deleted' || !change.contents) continue;
    totals.deleted += change.contents.files;
    totals.deletedBytes += change.contents.bytes;
  }
  return totals;
}

export function sortChanges(changes: FileChange[]): FileChange[] {
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const MARK: Record<ChangeKind, string> = { added: 'A', changed: 'C', deleted: 'D' };

export function renderChangeSetText(set: ChangeSet): string {
  const lines: string[] = [];
  const status = set.timedOut ? 'killed after the timeout' : set.exitCode === null ? 'did not finish' : set.exitCode === 0 ? 'exit code 0' : `FAILED with exit code ${set.exitCode}`;
  lines.push(`${set.image.name} on ${set.engine.name}${set.engine.version ? ` ${set.engine.version}` : ''}: ${JSON.stringify(set.command.join(' ') || '(image default command)')} ${status} in ${(set.durationMs / 1000).toFixed(1)}s`);
  if (set.changes.length === 0) lines.push('no filesystem changes');
  for (const change of set.changes) {
    const details = changeDetails(change);
    lines.push(`${MARK[change.kind]} /${change.path}${change.type === 'directory' ? '/' : ''}${details.length ? `  ${details.join(', ')}` : ''}`);
  }
  const t = set.totals;
  lines.push(`${t.added} added (${formatBytes(t.addedBytes)}), ${t.changed} changed (${t.changedBytes >= 0 ? '+' : '-'}${formatBytes(Math.abs(t.changedBytes))}), ${t.deleted} deleted (${formatBytes(t.deletedBytes)}); directories not counted`);
  for (const finding of set.findings) lines.push(`${finding.severity} ${finding.ruleId}: ${finding.message}${finding.fix ? ` (fix: ${finding.fix})` : ''}`);
  for (const note of set.notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/** What the text report says about one path: size, mode and link target, before -> after where they changed. */
function changeDetails(change: FileChange): string[] {
  const details: string[] = [];
  if (change.type === 'symlink') {
    const before = change.linkTargetBefore;
    const after = change.linkTarget;
    if (change.kind === 'added') details.push(after !== undefined ? `symlink -> ${after}` : 'symlink');
    else if (change.kind === 'deleted') details.push(before !== undefined ? `symlink -> ${before}` : 'symlink');
    else if (before !== undefined && after !== undefined && before !== after) details.push(`symlink -> ${after} (was -> ${before})`);
    else details.push(after !== undefined ? `symlink -> ${after}` : 'symlink');
  } else if (change.type === 'directory') {
    if (change.kind === 'deleted' && change.contents && change.contents.entries > 0) {
      const { files, entries, bytes } = change.contents;
      details.push(`-${formatBytes(bytes)} (${files} file${files === 1 ? '' : 's'}, ${entries} entr${entries === 1 ? 'y' : 'ies'} in all)`);
    }
  } else if (change.kind === 'added') {
    details.push(formatBytes(change.size ?? 0));
  } else if (change.kind === 'deleted') {
    if (change.sizeBefore !== undefined) details.push(`-${formatBytes(change.sizeBefore)}`);
  } else if (change.size !== undefined) {
    details.push(change.sizeBefore !== undefined && change.sizeBefore !== change.size ? `${formatBytes(change.sizeBefore)} -> ${formatBytes(change.size)}` : formatBytes(change.size));
  }
  if (change.kind === 'changed' && change.mode !== undefined && change.modeBefore !== undefined && change.mode !== change.modeBefore) {
    details.push(`mode ${octal(change.modeBefore)} -> ${octal(change.mode)}`);
  }
  return details;
}

export function renderChangeSetJson(set: ChangeSet): string {
  return JSON.stringify(set, null, 2) + '\n';
}
