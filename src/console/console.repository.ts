/** The few reads the console needs that no other module offers: the latest run per period, the stored packages. */
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../database/sql-session';

export interface LastRun {
  periodEnd: string;
  id: string;
  status: string;
  dryRun: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface PackageRow {
  endingDate: string;
  startingDate: string;
  fileName: string;
  zipSha256: string;
  manifestSha256: string;
  size: string;
  runId: string;
  createdAt: Date;
  previousEndingDate: string | null;
}

const SETUP_TABLES = ['general_posting_setup', 'inventory_posting_setup', 'general_ledger_setup', 'inventory_setup', 'user_setup'];

@Injectable()
export class ConsoleRepository {
  constructor(private readonly orm: MikroORM) {}

  async lastRunPerPeriod(): Promise<Map<string, LastRun>> {
    const rows = await withSession(this.orm, (sql) =>
      sql.query<LastRun>(
        `SELECT DISTINCT ON (period_end) period_end::text AS "periodEnd", id, status, dry_run AS "dryRun", created_at AS "createdAt", finished_at AS "finishedAt"
           FROM close_run ORDER BY period_end, created_at DESC`,
      ),
    );
    return new Map(rows.map((r) => [r.periodEnd, r]));
  }

  /**
   * What the ledgers hold, as one string that changes whenever anything is posted (they are
   * append-only): a cached reconciliation is good while it is the same. G/L posting of cost is
   * kept beside the value entries, so its count is in it too; so is every setup table the
   * reconciliation reads (accounts, posting dates allowed).
   */
  async ledgerStamp(): Promise<string> {
    const [row] = await withSession(this.orm, (sql) =>
      sql.query<{ stamp: string }>(
        `SELECT concat_ws('/', (SELECT max(entry_no) FROM value_entry), (SELECT max(entry_no) FROM gl_entry), (SELECT count(*) FROM value_entry_gl_posting),
                ${SETUP_TABLES.map((t) => `(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ${t} t)`).join(', ')}) AS stamp`,
      ),
    );
    return row.stamp;
  }

  /** The stored packages, newest period first. */
  packages(): Promise<PackageRow[]> {
    return withSession(this.orm, (sql) =>
      sql.query<PackageRow>(
        // The latest package of each period (a period closed again gets a new one).
        `SELECT * FROM (
           SELECT DISTINCT ON (ending_date) ending_date::text AS "endingDate", starting_date::text AS "startingDate", file_name AS "fileName", zip_sha256 AS "zipSha256",
                  manifest_sha256 AS "manifestSha256", size::text AS size, run_id AS "runId", created_at AS "createdAt", previous_ending_date::text AS "previousEndingDate"
             FROM period_package ORDER BY ending_date, created_at DESC) latest
          ORDER BY "endingDate" DESC`,
      ),
    );
  }

  /** Items whose number or description matches, for the item ledger browser. */
  items(search: string, limit = 50): Promise<{ no: string; description: string; costingMethod: string }[]> {
    return withSession(this.orm, (sql) =>
      sql.query<{ no: string; description: string; costingMethod: string }>(
        `SELECT no, description, costing_method AS "costingMethod" FROM item
          WHERE $1 = '' OR no ILIKE '%' || $1 || '%' OR description ILIKE '%' || $1 || '%' ORDER BY no LIMIT $2`,
        [search, limit],
      ),
    );
  }
}
