import type { INestApplication } from '@nestjs/common';
import { createHttpApp } from '../../src/http-app';
import { EmailDeliveryService } from '../../src/email/email-delivery.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('e-mail deliveries API (SMTP not configured)', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let http: UserClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig();
    app = await createHttpApp({
      config: { ...config, mail: { ...config.mail, host: null, publicBaseUrl: 'https://close.example.org' } },
      databaseUrl: db.url,
      migrate: true,
    });
    await app.init();
    http = asUser(app, (await createTestUsers(app)).auditor);
    const email = app.get(EmailDeliveryService);
    for (const runId of ['run-a', 'run-b']) {
      await email.enqueuePeriodClose({
        runId,
        recipients: ['finance@example.com'],
        company: 'Demo',
        periodStartingDate: '2024-01-01',
        periodEndingDate: '2024-01-31',
        reconciliation: { clean: true, difference: '0' },
        attachments: [],
        packageFileName: 'costclose-period-2024-01-31.zip',
      });
    }
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lists the deliveries of a run; without SMTP they wait, pending and untried', async () => {
    expect(await app.get(EmailDeliveryService).deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, configured: false });
    const res = await http.get('/api/email-deliveries').query({ runId: 'run-b' }).expect(200);
    expect(res.body).toEqual([
      {
        id: expect.any(Number),
        runId: 'run-b',
        recipient: 'finance@example.com',
        subject: 'Demo: inventory period 2024-01-01 to 2024-01-31 closed',
        status: 'pending',
        attempts: 0,
        lastError: null,
        nextAttemptAt: expect.any(String),
        sentAt: null,
        messageId: null,
        attachments: [],
        packageLink: 'https://close.example.org/api/periods/2024-01-31/package',
        createdAt: expect.any(String),
      },
    ]);
    const all = await http.get('/api/email-deliveries').expect(200);
    expect(all.body.map((d: { runId: string }) => d.runId)).toEqual(['run-a', 'run-b']);
  });

  it('refuses an unknown filter naming it', async () => {
    const res = await http.get('/api/email-deliveries').query({ run: 'run-a' }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'run' })]);
  });
});
