/**
 * Two instances of the service with job workers (COSTCLOSE_WORKERS=2 each) on one database, one
 * schedule registered in both (issue 13): a tick firing in both starts one close run, its
 * Adjust Cost hands the item batches out to the workers of both instances, and its report files
 * are rendered as jobs.
 */
import * as fs from 'fs';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../src/database/sql-session';
import { WorkerHost } from '../../src/jobs/worker-host';
import { TwoInstances, twoInstances } from '../support/two-instances';

describe('two serve instances with workers, one schedule tick', () => {
  let two: TwoInstances;

  // Each instance takes jobs two at a time; one item per batch, so that the three items of
  // October make three jobs to share out.
  beforeAll(async () => {
    two = await twoInstances({ concurrency: 2, heartbeatSeconds: 1, maintenanceSeconds: 1, minBatchEntries: 1 });
  });
  afterAll(() => two.close());

  it('one run; its adjustment batches are spread over the workers of both instances; its reports rendered as jobs', async () => {
    const { a, b } = two;
    const { runIds } = await two.tickBoth();
    expect(runIds).toHaveLength(1);
    const run = await two.settled(runIds[0]);
    expect(run.status).toBe('succeeded');
    const adjust = run.steps.find((s) => s.step === 'adjust')!;
    expect(adjust.counts).toMatchObject({ itemsTotal: 3, batches: 3 });

    const rows = await withSession(a.get(MikroORM), (sql) =>
      sql.query<{ worker_id: string; n: string }>("SELECT worker_id, count(*) AS n FROM adjustment_batch WHERE status = 'done' GROUP BY worker_id"),
    );
    const byInstance = new Map(rows.map((r) => [r.worker_id, Number(r.n)]));
    expect([...byInstance.values()].reduce((x, y) => x + y, 0)).toBe(3);
    expect(byInstance.get(a.get(WorkerHost).id)).toBeGreaterThan(0);
    expect(byInstance.get(b.get(WorkerHost).id)).toBeGreaterThan(0);
    const closes = await withSession(a.get(MikroORM), (sql) =>
      sql.query<{ n: string }>("SELECT count(*) AS n FROM inventory_period_entry WHERE entry_type = 'Close' AND ending_date = '2026-10-31'"),
    );
    expect(Number(closes[0].n)).toBe(1);

    const reports = run.steps.find((s) => s.step === 'reports')!;
    const files = (reports.output as { files: { name: string; path: string; size: number }[] }).files;
    expect(reports.counts).toEqual({ filesWritten: files.length, filesTotal: files.length });
    expect(files.length).toBe(12); // six reports, PDF and CSV each
    for (const f of files) expect(fs.statSync(f.path).size).toBe(f.size);
    const jobs = await withSession(a.get(MikroORM), (sql) =>
      sql.query<{ state: string; n: string }>("SELECT state, count(*) AS n FROM pgboss.job WHERE name = 'render-report' GROUP BY state"),
    );
    expect(jobs.map((j) => [j.state, Number(j.n)])).toEqual([['completed', 12]]);
    // What the jobs left for the run is gone once the run has stored it.
    const left = await withSession(a.get(MikroORM), (sql) => sql.query<{ n: string }>('SELECT count(*) AS n FROM job_output'));
    expect(Number(left[0].n)).toBe(0);
  });
});
