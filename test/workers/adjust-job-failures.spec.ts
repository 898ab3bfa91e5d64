/**
 * When a job cannot succeed, and when nobody takes the jobs (issue 13): a batch that fails on
 * every attempt fails the run after pg-boss's retries, naming the batch and the reason; a run
 * whose workers are all gone adjusts the batches left in its own process.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { AppModule } from '../../src/app.module';
import type { AppConfig } from '../../src/config/app-config';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { COORDINATOR } from '../../src/jobs/job-dispatcher';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('Adjust Cost jobs that fail, and jobs nobody takes', () => {
  let db: ScratchDatabase;
  const apps: INestApplicationContext[] = [];
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'G',
    postingDate: '2024-03-01',
    quantity: '1',
    ...fields,
  });

  async function instance(concurrency: number): Promise<INestApplicationContext> {
    const base = testConfig();
    const config: AppConfig = { ...base, workers: { ...base.workers, concurrency, heartbeatSeconds: 1, maintenanceSeconds: 1, minBatchEntries: 1 } };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
    apps.push(app);
    return app;
  }

  /** Two items whose adjustment writes an entry dated 2024-03-10 (a late freight charge). */
  async function lateCharges(app: INestApplicationContext): Promise<void> {
    const journal = app.get(ItemJournalService);
    for (const itemNo of ['G', 'H']) {
      const p = await journal.post([line({ itemNo, unitCost: '5' })], 'T');
      await journal.post([line({ itemNo, entryType: 'Sale', quantity: '1', postingDate: '2024-03-02' })], 'T');
      const assignments = [{ itemLedgerEntryNo: p.lines[0].itemLedgerEntryNos[0] }];
      await journal.post([{ kind: 'itemCharge', itemChargeNo: 'FREIGHT', postingDate: '2024-03-10', amount: '1', assignments }], 'T');
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const app = await instance(0);
    await app
      .get(SetupResourceService)
      .applyAll([
        { spec: resourceByPath('items'), body: { no: 'G', costingMethod: 'FIFO' } },
        { spec: resourceByPath('items'), body: { no: 'H', costingMethod: 'FIFO' } },
        { spec: resourceByPath('item-charges'), body: { no: 'FREIGHT' } },
        { spec: resourceByPath('user-setups'), body: { userId: 'LATE', allowPostingFrom: '2024-04-01' } },
        ...chart(),
      ]);
    await lateCharges(app);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db.drop();
  });

  it('a batch failing on every attempt fails the run after the retries, naming the batch and why; nothing is written', async () => {
    const app = await instance(1); // this instance is also a worker
    const failed = app.get(AdjustmentService).adjust('LATE');
    await expect(failed).rejects.toThrow(
      /Adjust Cost batch \d of 2 \(items [GH]…[GH]\) failed in the job queue: .*not within your range of allowed posting dates/,
    );
    const written = await withSession(app.get(MikroORM), (sql) =>
      sql.query<{ n: string }>("SELECT count(*) AS n FROM value_entry WHERE entry_type = 'DirectCost' AND adjustment"),
    );
    expect(Number(written[0].n)).toBe(0);
    const attempts = await withSession(app.get(MikroORM), (sql) => sql.query<{ attempts: number }>('SELECT max(attempts) AS attempts FROM adjustment_batch'));
    expect(attempts[0].attempts).toBe(4); // the first attempt and three retries
    await app.close();
    apps.splice(apps.indexOf(app), 1);
  }, 120_000);

  it('when no worker is alive any more, the run adjusts the batches left itself', async () => {
    const app = await instance(0);
    // A worker that registered and then went silent (a lost machine): the run hands out its jobs...
    await withSession(app.get(MikroORM), (sql) =>
      sql.query("INSERT INTO job_worker (id, host, pid, concurrency, started_at, heartbeat_at) VALUES ('lost', 'gone', 1, 4, now(), now())"),
    );
    const summary = await app.get(AdjustmentService).adjust('T');
    // ...and, once the worker has been silent for three heartbeats, does them here.
    expect(summary.batches).toBe(2);
    expect(summary.entriesWritten).toBe(2);
    const rows = await withSession(app.get(MikroORM), (sql) =>
      sql.query<{ worker_id: string; status: string }>('SELECT worker_id, status FROM adjustment_batch WHERE attempts > 0 AND status = $1', ['done']),
    );
    expect(rows.filter((r) => r.worker_id.startsWith(`${COORDINATOR}:`))).toHaveLength(2);
    const again = await app.get(AdjustmentService).adjust('T');
    expect(again.entriesWritten).toBe(0);
  }, 120_000);
});
