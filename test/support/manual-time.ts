/**
 * Time under the test's control, through the same providers the service uses: a Clock that
 * stands still until moved, and a Scheduler whose tasks run when the test ticks them.
 */
import { Clock } from '../../src/common/clock';
import { ScheduledTask, Scheduler } from '../../src/common/scheduler';

export class ManualClock extends Clock {
  private current: Date;

  constructor(start: string | Date) {
    super();
    this.current = new Date(start);
  }

  override now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  set(to: string | Date): void {
    this.current = new Date(to);
  }
}

export class ManualScheduler extends Scheduler {
  readonly tasks: { intervalMs: number; run: () => void; cancelled: boolean }[] = [];

  override every(intervalMs: number, task: () => void): ScheduledTask {
    const entry = { intervalMs, run: task, cancelled: false };
    this.tasks.push(entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  /** Runs every task that is still scheduled, as if its interval had passed. */
  tick(): void {
    for (const t of this.tasks) if (!t.cancelled) t.run();
  }
}
