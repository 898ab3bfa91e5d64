import { Scheduler } from '../../src/common/scheduler';
import { formatBytes } from '../../src/email/email-templates';
import { retryDelaySeconds } from '../../src/email/retry-schedule';

describe('e-mail retry schedule', () => {
  it('doubles from the first delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 10, 1000].map((n) => retryDelaySeconds(n, 60, 3600))).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
    expect(retryDelaySeconds(0, 60, 3600)).toBe(60);
  });
});

describe('sizes in e-mails', () => {
  it('prints bytes, KB and MB', () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 * 1024, 1024 * 1024 - 1].map(formatBytes)).toEqual([
      '0 bytes',
      '1023 bytes',
      '1.0 KB',
      '1.5 KB',
      '10.0 MB',
      '1024.0 KB',
    ]);
  });
});

describe('Scheduler (setInterval)', () => {
  it('runs a task repeatedly until cancelled', async () => {
    let runs = 0;
    const task = new Scheduler().every(5, () => runs++);
    // Waits for the second run rather than a fixed 60 ms, which a loaded machine (two cores, the
    // rest of `npm test` beside it) once let pass with one run.
    for (let waited = 0; runs < 2 && waited < 5_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    task.cancel();
    const atCancel = runs;
    expect(atCancel).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(atCancel);
  });
});
