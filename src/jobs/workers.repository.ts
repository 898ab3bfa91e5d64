import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

export interface LiveWorker {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
}

/**
 * The processes taking jobs (`job_worker`). Times are the database's own (now()), so machines
 * whose clocks differ still agree on who is alive.
 */
@Injectable()
export class WorkersRepository {
  async register(sql: SqlSession, worker: LiveWorker): Promise<void> {
    await sql.query(
      `INSERT INTO job_worker (id, host, pid, concurrency, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, now(), now())
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), stopped_at = NULL`,
      [worker.id, worker.host, worker.pid, worker.concurrency],
    );
  }

  async heartbeat(sql: SqlSession, id: string): Promise<void> {
    await sql.query('UPDATE job_worker SET heartbeat_at = now() WHERE id = $1 AND stopped_at IS NULL', [id]);
  }

  async stopped(sql: SqlSession, id: string): Promise<void> {
    await sql.query('UPDATE job_worker SET stopped_at = now() WHERE id = $1', [id]);
  }

  /** Workers that have not stopped and were heard from within `withinSeconds`. */
  async live(sql: SqlSession, withinSeconds: number): Promise<LiveWorker[]> {
    return sql.query<LiveWorker>(
      `SELECT id, host, pid, concurrency FROM job_worker
        WHERE stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => $1) ORDER BY id`,
      [withinSeconds],
    );
  }
}
