/**
 * The period close as it runs in production, end to end through HTTP: an admin creates a
 * schedule (registered as a cron job at once), its ticks come (the clock set to the tick's
 * instant), each closes the previous month, files a package chained to the one before, and
 * e-mails the PDFs — received by a real SMTP server on 127.0.0.1 and parsed.
 */
import type { INestApplication } from '@nestjs/common';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Clock } from '../../src/common/clock';
import { createHttpApp } from '../../src/http-app';
import { localDate } from '../../src/pipeline/close-period';
import { ScheduleRegistrar } from '../../src/pipeline/schedule-registrar';
import { verifyPackage } from '../../src/period-package/verify-package';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { CLOSE_COMPANY, seedOctober } from '../support/close-data';
import { binary } from '../support/http-binary';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('scheduled period close: schedule → tick → close → package → e-mail', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let sink: SmtpSink;
  let admin: UserClient;
  let auditor: UserClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-schedule-'));
  const realNow = Clock.prototype.now;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    db = await createTestDatabase();
    const base = testConfig();
    app = await createHttpApp({
      config: {
        ...base,
        mail: { ...base.mail, host: '127.0.0.1', port: sink.port, security: 'none', outboxIntervalSeconds: 0 },
        close: { ...base.close, outDir: path.join(dir, 'out'), runSchedules: true },
      },
      databaseUrl: db.url,
      migrate: true,
    });
    await app.init();
    const users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    auditor = asUser(app, users.auditor);
    await seedOctober(app);
  });

  afterAll(async () => {
    app.get(Clock).now = realNow;
    await app.close();
    await db.drop();
    await sink.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Waits for a run to end, as an auditor following it through the API. */
  async function finished(runId: string) {
    for (let i = 0; i < 200; i++) {
      const run = (await auditor.get(`/api/close-runs/${runId}`).expect(200)).body;
      if (run.status !== 'pending' && run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`close run ${runId} did not finish`);
  }

  it('registers a new schedule at once, refuses a bad one naming the fields, and audits the change', async () => {
    const bad = await admin.post('/api/schedules').send({ name: 'Bad', cron: '61 6 1 * *', timeZone: 'Europe/Olso', periodKind: 'fortnight' }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cron', 'periodKind', 'timeZone']);
    const created = await admin
      .post('/api/schedules')
      .send({
        name: 'Monthly close',
        periodKind: 'month',
        cron: '0 6 1 * *',
        timeZone: 'Europe/Oslo',
        periodOffset: 1,
        locale: 'nb-NO',
        recipients: ['Finance@Nordlys.example'],
        tolerance: '0.00',
      })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Monthly close', recipients: ['finance@nordlys.example'], tolerance: '0', enabled: true });
    // The next tick: 06:00 in Oslo on the 1st of a month.
    const next = new Date(created.body.nextTick);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(localDate(next, 'Europe/Oslo').endsWith('-01')).toBe(true);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('06:00');
    const audit = await admin.get('/api/audit-log').query({ action: 'schedule.create' }).expect(200);
    expect(JSON.stringify(audit.body)).toContain(created.body.id);
  });

  it('closes the previous month on each tick, chains the packages and mails the PDFs to finance', async () => {
    const [schedule] = (await auditor.get('/api/schedules').expect(200)).body;
    const registrar = app.get(ScheduleRegistrar);
    const clock = app.get(Clock);

    // 1 October 06:00 in Oslo (04:00 UTC, summer time): September closes (no entries yet).
    clock.now = () => new Date('2026-10-01T04:00:07Z');
    const september = await registrar.tickNow(schedule.id);
    expect(await registrar.tickNow(schedule.id)).toBeNull(); // the same tick again: no second run
    expect((await finished(september as string)).status).toBe('succeeded');

    // 1 November 06:00 in Oslo (05:00 UTC, winter time): October closes.
    clock.now = () => new Date('2026-11-01T05:00:02Z');
    const october = await finished((await registrar.tickNow(schedule.id)) as string);
    expect(october).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      period: { label: '2026-10', startingDate: '2026-10-01', endingDate: '2026-10-31' },
      tickAt: '2026-11-01T05:00:00.000Z',
    });
    expect(october.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'done']);

    const periods = (await auditor.get('/api/inventory-periods').expect(200)).body;
    expect(periods.filter((p: { closed: boolean }) => p.closed).map((p: { endingDate: string }) => p.endingDate)).toEqual(['2026-09-30', '2026-10-31']);

    // The auditor downloads both packages; October's manifest links to September's.
    for (const ending of ['2026-09-30', '2026-10-31']) {
      const res = await auditor.get(`/api/periods/${ending}/package`).buffer(true).parse(binary).expect(200);
      fs.writeFileSync(path.join(dir, `costclose-period-${ending}.zip`), res.body as Buffer);
    }
    const check = await verifyPackage(path.join(dir, 'costclose-period-2026-10-31.zip'));
    expect(check.failures).toEqual([]);
    expect(check.previousFile).toBe(path.join(dir, 'costclose-period-2026-09-30.zip'));
    expect(check.manifest).toMatchObject({ company: CLOSE_COMPANY, runId: october.id, previous: { endingDate: '2026-09-30' } });

    // Finance got one message per close, in Norwegian, with the PDFs.
    const [, mail] = await sink.waitFor(2);
    expect(mail.envelope.to).toEqual(['finance@nordlys.example']);
    expect(mail.parsed.subject).toContain(CLOSE_COMPANY);
    expect(mail.parsed.subject).toContain('2026-10-31');
    const pdfs = (october.steps.find((s: { step: string }) => s.step === 'reports').output.files as { name: string; path: string }[]).filter((f) =>
      f.name.endsWith('.pdf'),
    );
    expect(mail.parsed.attachments.map((a) => a.filename).sort()).toEqual(pdfs.map((f) => f.name).sort());
    expect(pdfs.map((f) => f.name)).toContain('inventory-valuation_2026-10-31_nb-NO.pdf');
    for (const a of mail.parsed.attachments) expect(a.content.equals(fs.readFileSync(pdfs.find((f) => f.name === a.filename)!.path))).toBe(true);
    // The sink has the message before the sender has read the server's reply and recorded it: wait for that.
    let deliveries: { status: string }[] = [];
    for (let i = 0; i < 100; i++) {
      deliveries = (await auditor.get('/api/email-deliveries').query({ runId: october.id }).expect(200)).body;
      if (deliveries.every((d) => d.status !== 'pending')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(deliveries.map((d) => d.status)).toEqual(['sent']);
  });

  it('does not run a tick for a period a run has closed already', async () => {
    const [schedule] = (await auditor.get('/api/schedules').expect(200)).body;
    app.get(Clock).now = () => new Date('2026-11-01T05:00:02Z');
    // A second registration (another tick instant) for the same month: the month is closed.
    await admin.put(`/api/schedules/${schedule.id}`).send({ cron: '30 6 1 * *' }).expect(200);
    app.get(Clock).now = () => new Date('2026-11-01T05:30:01Z');
    expect(await app.get(ScheduleRegistrar).tickNow(schedule.id)).toBeNull();
    const runs = (await auditor.get('/api/close-runs').query({ periodEnd: '2026-10-31' }).expect(200)).body;
    expect(runs).toHaveLength(1);
  });
});
