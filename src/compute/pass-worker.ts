/**
 * Worker thread of the pass pool: searches chunks of element sets with the core's bulk search
 * and sends back packed, transferable results. Started through `pass-worker-boot.js`.
 */
import { parentPort } from 'node:worker_threads';
import { type ChunkRequest, searchChunk } from './chunk.js';
import { transferables } from './packed.js';

const port = parentPort;
if (!port) throw new Error('pass-worker.ts runs in a worker thread');
port.on('message', (request: ChunkRequest) => {
  try {
    const chunk = searchChunk(request);
    port.postMessage({ id: request.id, chunk }, transferables(chunk));
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
