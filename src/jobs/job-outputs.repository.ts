import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

export interface JobOutput {
  jobId: string;
  name: string;
  contentType: string;
  body: Buffer;
}

/**
 * What a job made for the process waiting on it (`job_output`): a worker may run on another
 * machine, so its result travels through the database, not a shared disk. Kept only until the
 * waiting process has stored it.
 */
@Injectable()
export class JobOutputsRepository {
  /** Idempotent: a job that runs twice writes its output again. */
  async save(sql: SqlSession, runId: string, output: JobOutput): Promise<void> {
    await sql.query(
      `INSERT INTO job_output (job_id, run_id, name, content_type, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job_id) DO UPDATE SET name = EXCLUDED.name, content_type = EXCLUDED.content_type, body = EXCLUDED.body`,
      [output.jobId, runId, output.name, output.contentType, output.body],
    );
  }

  async doneIds(sql: SqlSession, jobIds: readonly string[]): Promise<Set<string>> {
    const rows = await sql.query<{ job_id: string }>('SELECT job_id FROM job_output WHERE job_id = ANY($1::uuid[])', [[...jobIds]]);
    return new Set(rows.map((r) => r.job_id));
  }

  async read(sql: SqlSession, jobId: string): Promise<JobOutput> {
    const [row] = await sql.query<JobOutput>('SELECT job_id AS "jobId", name, content_type AS "contentType", body FROM job_output WHERE job_id = $1', [jobId]);
    if (!row) throw new Error(`job ${jobId} left no output`);
    return row;
  }

  async deleteRun(sql: SqlSession, runId: string): Promise<void> {
    await sql.query('DELETE FROM job_output WHERE run_id = $1', [runId]);
  }
}
