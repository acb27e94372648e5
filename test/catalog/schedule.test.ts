import { describe, expect, it } from 'vitest';
import { startRefreshJob } from '../../src/catalog/index.js';

describe('the refresh job', () => {
  it('runs on its cron schedule until stopped', async () => {
    let runs = 0;
    const job = startRefreshJob({
      schedule: '* * * * * *',
      timezone: 'UTC',
      jitterMs: 0,
      run: async () => {
        runs++;
      },
    });
    // Waits for the runs however busy the machine is (the test's timeout bounds it).
    while (runs < 2) await new Promise((r) => setTimeout(r, 50));
    await job.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs).toBe(after);
    expect(job.nextRun()).toBeNull();
  });

  it('reports a run that throws and keeps going', async () => {
    const errors: unknown[] = [];
    const job = startRefreshJob({
      schedule: '* * * * * *',
      timezone: 'UTC',
      jitterMs: 0,
      run: async () => {
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    while (errors.length < 2) await new Promise((r) => setTimeout(r, 50));
    await job.stop();
    expect(errors.slice(0, 2)).toEqual([new Error('boom'), new Error('boom')]);
  });

  it('defaults to every 4 hours on the hour (before jitter)', async () => {
    const job = startRefreshJob({
      schedule: '0 */4 * * *',
      timezone: 'UTC',
      jitterMs: 5 * 60_000,
      run: async () => {},
    });
    const next = job.nextRun()!;
    await job.stop();
    expect(next.getUTCHours() % 4).toBe(0);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(4 * 3_600_000);
  });
});
