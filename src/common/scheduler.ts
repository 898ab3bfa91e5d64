import { Injectable } from '@nestjs/common';

export interface ScheduledTask {
  cancel(): void;
}

/**
 * Repeating timers, behind a provider so that tests can tick a task by hand (or see that it was
 * cancelled) instead of waiting for the wall clock. The service uses setInterval.
 */
@Injectable()
export class Scheduler {
  every(intervalMs: number, task: () => void): ScheduledTask {
    const timer = setInterval(task, intervalMs);
    return { cancel: () => clearInterval(timer) };
  }
}
