import type { ScanLimits } from './layer-scan.js';

/** The decompression-bomb guards' defaults; a module of its own so `--help` shows them without loading the scanner. */
export const defaultScanLimits: ScanLimits = {
  maxLayerBytes: 64 * 1024 ** 3,
  maxExpandRatio: 200,
};
