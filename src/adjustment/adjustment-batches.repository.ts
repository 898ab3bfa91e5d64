import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

export interface BatchRow {
  batchNo: number;
  items: string[];
  status: 'queued' | 'running' | 'done';
  jobId: string;
  workerId: string | null;
  attempts: number;
  itemsAdjusted: number;
  entriesWritten: number;
  roundingEntries: number;
  warnings: string[];
}

export interface BatchCounts {
  itemsAdjusted: number;
  entriesWritten: number;
  roundingEntries: number;
  warnings: string[];
}

/**
 * The item batches an Adjust Cost run handed out as jobs (`adjustment_batch`), and the items
 * that orders join (which must stay in one batch).
 */
@Injectable()
export class AdjustmentBatchesRepository {
  /** Per order, its items (consumed components and outputs), for orders that touch more than one item. */
  async orderItems(sql: SqlSession): Promise<string[][]> {
    const rows = await sql.queryArrays(
      `SELECT array_agg(DISTINCT item_no) FROM item_ledger_entry WHERE order_no IS NOT NULL
        GROUP BY order_no HAVING count(DISTINCT item_no) > 1`,
    );
    return rows.map((r) => r[0] as string[]);
  }

  async create(sql: SqlSession, runId: string, batches: { items: string[]; jobId: string }[]): Promise<void> {
    await sql.query(
      `INSERT INTO adjustment_batch (run_id, batch_no, items, job_id)
       SELECT $1::uuid, e.ord::int, ARRAY(SELECT json_array_elements_text(e.batch->'items')), e.batch->>'jobId'
         FROM json_array_elements($2::json) WITH ORDINALITY AS e(batch, ord)`,
      [runId, JSON.stringify(batches)],
    );
  }

  async started(sql: SqlSession, runId: string, batchNo: number, workerId: string): Promise<void> {
    await sql.query(
      `UPDATE adjustment_batch SET attempts = attempts + 1, worker_id = $3, status = CASE WHEN status = 'done' THEN status ELSE 'running' END
        WHERE run_id = $1 AND batch_no = $2`,
      [runId, batchNo, workerId],
    );
  }

  /** Adds what one transaction of the batch wrote, inside that transaction: counts stay exact when a job runs twice. */
  async addCounts(sql: SqlSession, runId: string, batchNo: number, counts: BatchCounts): Promise<void> {
    await sql.query(
      `UPDATE adjustment_batch SET items_adjusted = items_adjusted + $3, entries_written = entries_written + $4,
              rounding_entries = rounding_entries + $5, warnings = warnings || $6::jsonb
        WHERE run_id = $1 AND batch_no = $2`,
      [runId, batchNo, counts.itemsAdjusted, counts.entriesWritten, counts.roundingEntries, JSON.stringify(counts.warnings)],
    );
  }

  async done(sql: SqlSession, runId: string, batchNo: number, workerId: string): Promise<void> {
    await sql.query(`UPDATE adjustment_batch SET status = 'done', worker_id = $3, done_at = now() WHERE run_id = $1 AND batch_no = $2`, [
      runId,
      batchNo,
      workerId,
    ]);
  }

  async list(sql: SqlSession, runId: string): Promise<BatchRow[]> {
    return (await this.listOfRuns(sql, [runId])).get(runId) ?? [];
  }

  /** The batches of several runs in one query (a list of runs shows each one's progress). */
  async listOfRuns(sql: SqlSession, runIds: readonly string[]): Promise<Map<string, BatchRow[]>> {
    const rows = await sql.query<BatchRow & { runId: string }>(
      `SELECT run_id AS "runId", batch_no AS "batchNo", items, status, job_id AS "jobId", worker_id AS "workerId", attempts,
              items_adjusted AS "itemsAdjusted", entries_written AS "entriesWritten", rounding_entries AS "roundingEntries", warnings
         FROM adjustment_batch WHERE run_id = ANY($1::uuid[]) ORDER BY run_id, batch_no`,
      [[...runIds]],
    );
    const byRun = new Map<string, BatchRow[]>();
    for (const { runId, ...row } of rows) {
      const list = byRun.get(runId);
      if (list) list.push(row);
      else byRun.set(runId, [row]);
    }
    return byRun;
  }
}
