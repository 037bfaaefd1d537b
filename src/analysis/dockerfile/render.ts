/**
 * The reconstruction as Dockerfile text: a header saying where it came from, the base image's
 * instructions as a comment block, `FROM <best guess>`, then the image's own instructions with the
 * notes that explain what was recovered. Without `sizes` the output builds as it is.
 */
import { formatBytes } from '../../bytes.js';
import type { Reconstruction, ReconstructedInstruction } from './reconstruct.js';

export interface RenderOptions {
  /** A trailing `# <size>` on each instruction that made a layer (for reading: COPY/ADD lines then no longer build). */
  sizes?: boolean;
  /** Image name for the header. */
  name?: string;
}

function comment(line: string): string {
  return line === '' ? '#' : `# ${line}`;
}

function sizeComment(ins: ReconstructedInstruction): string {
  return ins.layerIndex === undefined ? '' : `  # ${formatBytes(ins.bytes)} (layer ${ins.layerIndex})`;
}

/** One instruction with its notes above it; unknown entries are comments only. */
function instructionLines(ins: ReconstructedInstruction, sizes: boolean): string[] {
  const lines = ins.notes.map(comment);
  if (ins.formatted) lines.push(ins.formatted + (sizes ? sizeComment(ins) : ''));
  else if (sizes && ins.layerIndex !== undefined) lines.push(comment(`(${formatBytes(ins.bytes)}, layer ${ins.layerIndex})`));
  return lines;
}

export function renderDockerfile(rec: Reconstruction, options: RenderOptions = {}): string {
  const sizes = options.sizes === true;
  const out: string[] = [];
  if (rec.usesHeredoc) out.push('# syntax=docker/dockerfile:1');
  out.push(comment(`Reconstructed by tsimage from ${options.name ?? 'the image'}: its history, layers and config.`));
  for (const note of rec.notes) out.push(comment(note));
  const args = Object.entries(rec.buildArgs);
  if (args.length) out.push(comment(`Built with these build arguments in effect: ${args.map(([k, v]) => `--build-arg ${k}=${v}`).join(' ')}`));
  if (sizes) out.push(comment('Trailing size comments are for reading: remove them before building.'));
  out.push('');

  const inherited = rec.instructions.filter((i) => i.inherited);
  if (rec.base.layers > 0 || inherited.length) {
    out.push(comment(`Base image: ${rec.base.layers} layer${rec.base.layers === 1 ? '' : 's'}, ${rec.sizesKnown === false ? 'size not read' : formatBytes(rec.base.bytes)}; where it ends: ${rec.base.reason}.`));
  }
  if (inherited.length) {
    out.push(comment('Its instructions, which FROM brings (not built again):'));
    for (const ins of inherited) {
      const suffix = ins.layerIndex !== undefined ? `  (${rec.sizesKnown === false ? '' : `${formatBytes(ins.bytes)}, `}layer ${ins.layerIndex})` : '';
      if (!ins.formatted) {
        // An unreadable entry: its notes carry the verbatim text.
        for (const note of ins.notes) out.push(comment(`  ${note}`));
        if (suffix) out.push(comment(`  ${suffix.trim()}`));
        continue;
      }
      for (const note of ins.notes) out.push(comment(`  (${note})`));
      const lines = ins.formatted.split('\n');
      lines[lines.length - 1] += suffix;
      for (const line of lines) out.push(comment(`  ${line}`));
    }
  }
  const confidence = rec.from.confidence === 'label' || rec.from.confidence === 'history' ? 'named by the image'
    : rec.from.confidence === 'none' ? 'no base image' : `best guess, ${rec.from.confidence} confidence`;
  out.push(comment(`FROM ${rec.from.image}: ${confidence} (${rec.from.reasons.join('; ')})`));
  out.push(`FROM ${rec.from.image}`);

  const own = rec.instructions.filter((i) => !i.inherited);
  for (const ins of own) {
    const lines = instructionLines(ins, sizes);
    // Notes and multi-line instructions get a blank line before them, so each reads as a block.
    if (ins.notes.length || ins.formatted.includes('\n')) out.push('');
    for (const line of lines) out.push(line);
  }
  return out.join('\n') + '\n';
}
