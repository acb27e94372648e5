/**
 * Worker thread of the pass pool: searches chunks of element sets with the core's bulk search
 * and sends back packed, transferable results. Started from sources through `worker-boot.js`.
 */
import { searchChunk } from './chunk.js';
import { transferables } from './packed.js';
import { serveRequests } from './worker-pool.js';

serveRequests(searchChunk, transferables);
