/**
 * Worker thread of `BodyJudge`: parses and judges a fetched body (`judgeBody`, pure) so that a
 * whole-catalogue parse (about half a second for 16,000 objects) never holds the event loop.
 */
import { serveRequests } from '../compute/worker-pool.js';
import { type BodyVerdict, judgeBody } from './body.js';
import type { FetchedBody } from './fetch.js';
import type { SourceSpec } from './sources.js';

serveRequests<{ spec: SourceSpec; body: FetchedBody; maxBadShare: number }, BodyVerdict>(
  ({ spec, body, maxBadShare }) => judgeBody(spec, body, maxBadShare),
);
