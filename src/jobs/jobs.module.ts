import { Global, Module } from '@nestjs/common';
import { JobDispatcher } from './job-dispatcher';
import { JobHandlers } from './job-handlers';
import { JobOutputsRepository } from './job-outputs.repository';
import { JobQueue } from './job-queue';
import { WorkerHost } from './worker-host';
import { WorkersRepository } from './workers.repository';

/** The job queue (pg-boss), the registry of job kinds and this process's worker, if it is one. */
@Global()
@Module({
  providers: [JobQueue, JobHandlers, JobDispatcher, JobOutputsRepository, WorkerHost, WorkersRepository],
  exports: [JobQueue, JobHandlers, JobDispatcher, JobOutputsRepository, WorkerHost, WorkersRepository],
})
export class JobsModule {}
