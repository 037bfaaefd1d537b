/**
 * Instructions read straight from the image's history: the fallback when the report carries no Dockerfile
 * reconstruction (it failed, or a test built a bare context). `lintImage` prefers the reconstruction's records
 * (src/analysis/dockerfile/reconstruct.ts), which have the same shape.
 */
import { findBaseBoundary } from '../analysis/base/boundary.js';
import { historyParses } from '../analysis/dockerfile/history-parses.js';
import type { Image } from '../image/model.js';
import type { RuleInstruction } from './rule.js';

export function instructionsOfImage(image: Image): RuleInstruction[] {
  const boundary = findBaseBoundary(image);
  const out: RuleInstruction[] = [];
  const parses = historyParses(image.history);
  for (const [i, h] of image.history.entries()) {
    const parsed = parses[i]!;
    const inherited = boundary.historyIndex !== undefined
      ? h.index <= boundary.historyIndex
      : h.layerIndex !== undefined && h.layerIndex < boundary.layers;
    // An entry with no created_by (docker import) is still a layer of the image: keep it as UNKNOWN.
    const text = parsed.instruction === 'UNKNOWN' ? parsed.arguments : `${parsed.instruction} ${parsed.arguments}`.trim();
    out.push({
      instruction: parsed.instruction,
      arguments: parsed.arguments,
      text,
      layerIndex: h.layerIndex,
      historyIndex: h.index,
      bytes: h.layerIndex === undefined ? 0 : image.layers[h.layerIndex]?.bytes ?? 0,
      inherited,
      ...(parsed.buildArgs ? { buildArgs: parsed.buildArgs } : {}),
    });
  }
  return out;
}
