/**
 * The periodic refresh job (node-cron): a cron expression from config, a random delay of up to
 * `jitterMs` before each run so that clients do not all arrive on the hour, no overlapping runs.
 */
import { createTask, type ScheduledTask } from 'node-cron';

export interface RefreshJobOptions {
  /** Cron expression, already validated by the config loader. */
  schedule: string;
  /** Zone the expression is read in. */
  timezone: string;
  /** Each run starts after a random delay of up to this, ms. */
  jitterMs: number;
  run: () => Promise<unknown>;
  /** Told about a run that threw, and about node-cron's own warnings. */
  onError?: (error: unknown) => void;
}

export interface RefreshJob {
  /** Next scheduled time (before jitter), or null when stopped. */
  nextRun(): Date | null;
  stop(): Promise<void>;
}

export function startRefreshJob(options: RefreshJobOptions): RefreshJob {
  const report = options.onError ?? (() => {});
  const task: ScheduledTask = createTask(
    options.schedule,
    async () => {
      try {
        await options.run();
      } catch (error) {
        report(error);
      }
    },
    {
      name: 'passwatch-refresh',
      timezone: options.timezone,
      noOverlap: true,
      maxRandomDelay: Math.round(options.jitterMs),
      logger: {
        info: () => {},
        debug: () => {},
        warn: (message) => report(new Error(`refresh schedule: ${message}`)),
        error: (message, err) => report(err ?? message),
      },
    },
  );
  void task.start();
  let stopped = false;
  return {
    nextRun: () => (stopped ? null : task.getNextRun()),
    stop: async () => {
      stopped = true;
      await task.stop();
      await task.destroy();
    },
  };
}
