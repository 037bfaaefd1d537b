/**
 * The instructions rules see, read from the image's history.
 *
 * STOPGAP SOURCE: issue 3's Dockerfile reconstruction (src/analysis/dockerfile/reconstruct.ts) is the real
 * source of RuleInstruction records. Until it is merged, this module derives them from `created_by` with the
 * shared parser and the base-image boundary. `lintImage` calls `instructionsOfImage` in exactly one place
 * (src/lint/lint-image.ts); switching to the reconstruction means passing its records there instead.
 */
import { findBaseBoundary } from '../analysis/base/boundary.js';
import { parseCreatedBy } from '../analysis/dockerfile/parse-created-by.js';
import type { Image } from '../image/model.js';
import type { RuleInstruction } from './rule.js';

export function instructionsOfImage(image: Image): RuleInstruction[] {
  const boundary = findBaseBoundary(image);
  const out: RuleInstruction[] = [];
  for (const h of image.history) {
    const parsed = parseCreatedBy(h.createdBy);
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
