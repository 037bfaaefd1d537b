import type { HistoryEntry, Image } from '../../image/model.js';

export interface BaseBoundary {
  /** Leading layers that came from the base image. */
  layers: number;
  /** The last history entry of the base image. */
  historyIndex?: number;
  reason: string;
}

const DAY_MS = 24 * 3600 * 1000;

function instructionOf(h: HistoryEntry): string {
  return h.createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\|\d+ .*?\/bin\/sh -c /, 'RUN ')
    .trim()
    .split(/\s+/)[0]
    ?.toUpperCase() ?? '';
}

function layersBefore(history: HistoryEntry[], index: number): number {
  return history.slice(0, index + 1).filter((h) => h.layerIndex !== undefined).length;
}

/**
 * Where the base image ends in the history. An image's history is its base's history plus its own
 * instructions, and nothing marks the seam, so three signs are tried in order:
 * 1. the base's closing CMD/ENTRYPOINT: official images end with one (`CMD ["bash"]`, `CMD ["node"]`),
 *    so the last such empty-layer entry followed by a layer-making entry is the seam;
 * 2. a gap of more than a day in the `created` times: a base is built long before the image that uses it;
 * 3. the root filesystem layer alone (`ADD file:… in /`, `docker import`, a debootstrap-like first layer).
 */
export function findBaseBoundary(image: Image): BaseBoundary {
  const h = image.history;
  if (!h.length || image.layers.length === 0) {
    return { layers: image.layers.length === 1 ? 1 : 0, reason: image.layers.length === 1 ? 'a single-layer image (export or import): all of it' : 'no history to find the base in' };
  }
  const lastLayerEntry = h.map((e) => e.layerIndex !== undefined).lastIndexOf(true);
  for (let i = lastLayerEntry - 1; i >= 0; i--) {
    const kind = instructionOf(h[i]);
    if (h[i].emptyLayer && (kind === 'CMD' || kind === 'ENTRYPOINT')) {
      const layers = layersBefore(h, i);
      if (layers > 0) return { layers, historyIndex: i, reason: `the base image's closing ${kind} (history entry ${i})` };
    }
  }
  for (let i = lastLayerEntry; i > 0; i--) {
    const newer = Date.parse(h[i].created ?? '');
    const older = Date.parse(h[i - 1].created ?? '');
    if (Number.isFinite(newer) && Number.isFinite(older) && newer - older > DAY_MS) {
      const layers = layersBefore(h, i - 1);
      if (layers > 0) return { layers, historyIndex: i - 1, reason: `history entry ${i} was created ${Math.round((newer - older) / DAY_MS)} days after entry ${i - 1}` };
    }
  }
  const first = h.findIndex((e) => e.layerIndex !== undefined);
  if (first !== -1) return { layers: 1, historyIndex: first, reason: 'the root filesystem layer only (no closing CMD/ENTRYPOINT or time gap marks a longer base)' };
  return { layers: 0, reason: 'no layer-making history entry' };
}
