/**
 * The FROM line of a reconstructed Dockerfile: where the base image ends in the history and the best
 * guess of which image it was. An image does not record its base (BuildKit and the legacy builder write
 * no FROM into history), so this reuses base-image identification (src/analysis/base) and only adds the
 * two signs that name the base outright: the OCI base-name label and buildah's `FROM <ref>` history comment.
 */
import { findBaseBoundary, type BaseBoundary } from '../base/boundary.js';
import { identifyDistro } from '../base/distro.js';
import { guessBase } from '../base/guess.js';
import { knowledgeBase } from '../base/knowledge.js';
import { readFileAtLayer } from '../base/read-file.js';
import { detectRuntimes } from '../base/runtimes.js';
import { FileTree } from '../../image/filesystem.js';
import type { Image } from '../../image/model.js';
import { parseCreatedBy } from './parse-created-by.js';

export interface FromGuess {
  /** What to write after FROM. */
  image: string;
  /** label/history: the image names its base; high..low: inferred from the base layers' files; none: no base layers. */
  confidence: 'label' | 'history' | 'high' | 'medium' | 'low' | 'none';
  reasons: string[];
}

export interface BaseSplit {
  /** Leading layers that came from the base image. */
  layers: number;
  /** The last history entry of the base image (-1: none). */
  lastHistoryIndex: number;
  reason: string;
  from: FromGuess;
}

/** buildah and podman write `FROM <base>` as the comment of the steps they build. */
function buildahBase(image: Image): { ref: string; historyIndex: number } | undefined {
  for (const h of image.history) {
    const m = /^FROM\s+(\S+)/.exec(h.comment ?? '');
    if (m) return { ref: m[1]!, historyIndex: h.index };
  }
  return undefined;
}

function baseBoundary(image: Image): BaseBoundary & { lastHistoryIndex: number } {
  const found = findBaseBoundary(image);
  const buildah = buildahBase(image);
  if (buildah) {
    // buildah writes the comment on the step that commits a layer: every step with --layers, only the last
    // when it squashes the build (its default). The base has exactly the layers before that step.
    const layers = image.history.slice(0, buildah.historyIndex).filter((h) => h.layerIndex !== undefined).length;
    if (found.layers === layers && found.historyIndex !== undefined && found.historyIndex < buildah.historyIndex) {
      return { ...found, lastHistoryIndex: found.historyIndex, reason: `${found.reason}; buildah's comment "FROM ${buildah.ref}" on entry ${buildah.historyIndex} agrees on ${layers} base layer${layers === 1 ? '' : 's'}` };
    }
    return { layers, historyIndex: buildah.historyIndex - 1, lastHistoryIndex: buildah.historyIndex - 1, reason: `history entry ${buildah.historyIndex} is the first with the comment "FROM ${buildah.ref}" (buildah)` };
  }
  // The boundary's last resort takes the first layer as the base's root filesystem; a first layer that a
  // RUN, WORKDIR or a COPY into a subdirectory made is this build's own: it was built FROM scratch.
  const first = image.history.find((h) => h.layerIndex !== undefined);
  if (found.layers === 1 && first && found.historyIndex === first.index) {
    const p = parseCreatedBy(first.createdBy);
    const rootfs = p.instruction === 'UNKNOWN' || ((p.instruction === 'ADD' || p.instruction === 'COPY') && p.destination === '/');
    if (!rootfs) return { layers: 0, lastHistoryIndex: -1, reason: `the first layer was made by ${p.instruction} (history entry ${first.index}), not by adding a root filesystem: built FROM scratch` };
  }
  return { ...found, lastHistoryIndex: found.historyIndex ?? -1 };
}

/** What the files of the first `baseLayers` layers say the image was, read as they stood after the last of them. */
export function guessFromFiles(image: Image, baseLayers: number): FromGuess {
  const layers = image.layers.slice(0, baseLayers);
  const tree = FileTree.fromLayers(layers);
  const readBinary = (path: string) => readFileAtLayer(image, path, baseLayers);
  const readText = (path: string) => readBinary(path)?.toString('utf8');
  const exists = (path: string) => tree.resolve(path) !== undefined;
  const distro = identifyDistro(readText, exists, readBinary);
  const baseRuntimes = detectRuntimes({ tree, env: [], readText, packages: [] });
  const guess = guessBase(knowledgeBase, {
    distro,
    libc: 'unknown',
    baseRuntimes,
    packages: [],
    distrolessPackages: layers.some((l) => l.entries.some((e) => e.path.startsWith('var/lib/dpkg/status.d/'))) && !exists('var/lib/dpkg/status'),
    labels: {},
    baseBytes: layers.reduce((sum, l) => sum + l.bytes, 0),
    boundaryKnown: true,
    hasShell: ['bin/sh', 'bin/bash', 'bin/busybox', 'usr/bin/sh'].some(exists),
  }).guess;
  // guessBase names the nearest catalogue image; busybox's own version is more exact than its catalogue major.
  let ref = guess.image;
  if (distro.id === 'busybox' && distro.busyboxVersion) {
    ref = `busybox:${distro.busyboxVersion.split('.').slice(0, 2).join('.')}`;
    guess.reasons = [`/bin/busybox says BusyBox v${distro.busyboxVersion}`];
  }
  if (/\s/.test(ref) || ref === '' || ref === 'unknown') {
    return { image: 'scratch', confidence: 'low', reasons: [`the base could not be identified (${guess.reasons.join('; ')}): scratch stands in for it`] };
  }
  return { image: ref, confidence: guess.confidence === 'label' ? 'label' : guess.confidence, reasons: guess.reasons };
}

/** The seam between base and own instructions, and what to write after FROM. */
export function splitBase(image: Image): BaseSplit {
  const boundary = baseBoundary(image);
  const split = { layers: boundary.layers, lastHistoryIndex: boundary.lastHistoryIndex, reason: boundary.reason };
  const label = image.config.Labels['org.opencontainers.image.base.name'];
  if (label) return { ...split, from: { image: label, confidence: 'label', reasons: ['label org.opencontainers.image.base.name'] } };
  const buildah = buildahBase(image);
  if (buildah) return { ...split, from: { image: buildah.ref, confidence: 'history', reasons: [`history comment "FROM ${buildah.ref}" (buildah)`] } };
  if (boundary.layers === 0) return { ...split, from: { image: 'scratch', confidence: 'none', reasons: ['no layer comes from a base image'] } };
  if (image.layersRead === false) return { ...split, from: { image: 'scratch', confidence: 'low', reasons: ['the layers were not read (--quick), so the base is not guessed from its files: scratch stands in for it'] } };
  return { ...split, from: guessFromFiles(image, boundary.layers) };
}
