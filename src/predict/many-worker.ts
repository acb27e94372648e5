/**
 * Worker thread of the prediction pool (`PredictionPool`): runs `predictOne` for a chunk of
 * objects and sends back plain results. Started from sources through `compute/worker-boot.js`.
 */
import { serveRequests } from '../compute/worker-pool.js';
import { answerChunk, type ChunkAnswer, type ChunkQuestion } from './pool-chunk.js';

serveRequests<ChunkQuestion, ChunkAnswer>(answerChunk);
