/**
 * A worker thread that scans layers by byte range: hashing, decompressing and parsing a layer is CPU work,
 * so large images spread their layers over the machine's cores (see scan-pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { baseCapturePredicate } from '../image/captured-files.js';
import { LayerDataError, scanLayerRangeInto } from './layer-scan.js';
import { PackedEntriesBuilder, transferablesOf } from './packed-entries.js';
import type { ScanRequest, ScanResponse } from './scan-pool.js';

parentPort!.on('message', async (request: ScanRequest) => {
  let response: ScanResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    // A capture predicate is a function and cannot cross threads: rebuild the default one from the config.
    const capture = request.captureFromConfig ? baseCapturePredicate(request.captureFromConfig) : undefined;
    const scan = await scanLayerRangeInto(request.range, request.compression, request.limits, capture, new PackedEntriesBuilder());
    transfer = transferablesOf(scan.entries);
    response = { id: request.id, scan };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    response = { id: request.id, error: { message, layerData: error instanceof LayerDataError } };
  }
  parentPort!.postMessage(response, transfer);
});
