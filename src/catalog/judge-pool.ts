/**
 * Fetched bodies judged and parsed on a worker thread (`judgeBody` there, the same verdict), so a
 * whole-catalogue refresh leaves the event loop free while it parses. The thread starts on the
 * first refresh and stays, idle, until `close()`.
 */
import { BUILT } from '../build-mode.js';
import { WorkerPool } from '../compute/worker-pool.js';
import type { BodyVerdict } from './body.js';
import type { FetchedBody } from './fetch.js';
import type { SourceSpec } from './sources.js';

// Built (dist/): the bundled worker beside the bundle; from sources: the TypeScript module, which
// `WorkerPool` starts through its boot file.
const WORKER_URL = BUILT
  ? new URL('../../dist/judge-worker.js', import.meta.url)
  : new URL('./judge-worker.ts', import.meta.url);

export class BodyJudge {
  private readonly pool = new WorkerPool<
    { spec: SourceSpec; body: FetchedBody; maxBadShare: number },
    BodyVerdict
  >(WORKER_URL, { threads: 1 });

  /** `judgeBody(spec, body, maxBadShare)`, computed on the worker thread. */
  readonly judge = (spec: SourceSpec, body: FetchedBody, maxBadShare: number) =>
    this.pool.run({ spec, body, maxBadShare });

  close(): Promise<void> {
    return this.pool.close();
  }
}
