import { Injectable } from '@nestjs/common';
import type { QueuedJob } from './job-queue';

/** What a worker does with a job of a queue; `workerId` names the process in progress records. */
export type JobHandler = (job: QueuedJob<object>, workerId: string) => Promise<void>;

/**
 * The job kinds this service knows, each registered by the module that owns the work (Adjust
 * Cost registers its item batches). A worker process takes jobs of every kind registered here.
 */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<string, JobHandler>();

  register<T extends object>(queue: string, handler: (job: QueuedJob<T>, workerId: string) => Promise<void>): void {
    this.handlers.set(queue, handler as JobHandler);
  }

  all(): [string, JobHandler][] {
    return [...this.handlers];
  }
}
