/**
 * A `costclose worker` process on this machine, for the multi-process tests and `bench:adjust
 * --workers`: started on a database, ready once it says it takes jobs, stopped with SIGTERM (or
 * killed with SIGKILL).
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { projectRoot } from '../common/project-root';
import type { WorkersConfig } from '../config/app-config';

const BIN = path.join(projectRoot(), 'bin', 'costclose.js');

export interface WorkerProcess {
  id: string;
  /** The batch number the worker paused in (COSTCLOSE_FAULT_PAUSE_IN_JOB), once it has. */
  pausedInBatch(): Promise<number>;
  kill(): void;
  stop(): Promise<void>;
}

function workerEnv(url: string, workers: Partial<WorkersConfig>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    COSTCLOSE_DEMO: 'off',
    COSTCLOSE_RUN_SCHEDULES: 'false',
    COSTCLOSE_WORKERS: '',
    COSTCLOSE_JOB_EXPIRE_SECONDS: String(workers.jobExpireSeconds ?? 900),
    COSTCLOSE_JOB_MAINTENANCE_SECONDS: String(workers.maintenanceSeconds ?? 30),
    COSTCLOSE_WORKER_HEARTBEAT_SECONDS: String(workers.heartbeatSeconds ?? 5),
    COSTCLOSE_JOB_MIN_BATCH_ENTRIES: String(workers.minBatchEntries ?? 25_000),
    COSTCLOSE_FAULT_PAUSE_IN_JOB: workers.pauseInJob ? String(workers.pauseInJob) : '',
    LOG_LEVEL: 'error',
  };
}

export function startWorker(url: string, workers: Partial<WorkersConfig>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'worker', '--concurrency', String(workers.concurrency ?? 1)], { env: workerEnv(url, workers) });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  /** The first match of the pattern in what the worker writes to stderr (a line it prints at a given point). */
  const waitFor = (pattern: RegExp, what: string): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(stderr);
        if (!m) return;
        child.stderr!.off('data', check);
        resolve(m);
      };
      child.stderr!.on('data', check);
      check();
      void exited.then(() => reject(new Error(`worker exited before it ${what}: ${stderr}`)));
    });
  return waitFor(/costclose worker (\S+): taking jobs/, 'started').then(([, id]) => ({
    id,
    pausedInBatch: async () => Number((await waitFor(/paused in adjustment batch (\d+)/, 'paused'))[1]),
    kill: () => void child.kill('SIGKILL'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  }));
}
