/**
 * E-mail to finance against a real SMTP conversation: smtp-server on 127.0.0.1, messages parsed
 * with mailparser. Time is a ManualClock, so retries come due when the test moves it.
 */
import { MikroORM } from '@mikro-orm/core';
import { Test, TestingModule } from '@nestjs/testing';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { Scheduler } from '../../src/common/scheduler';
import type { AppConfig, MailConfig } from '../../src/config/app-config';
import { withSession } from '../../src/database/sql-session';
import { EmailDeliveryService } from '../../src/email/email-delivery.service';
import { EmailOutboxWorker } from '../../src/email/email-outbox.worker';
import { MailTransport } from '../../src/email/mail-transport';
import type { PeriodCloseEmailInput } from '../../src/email/period-close-email-input';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { ManualClock, ManualScheduler } from '../support/manual-time';
import { closedPort, SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, testConfig } from '../support/test-database';

const AUTH = { user: 'costclose', password: 's3cret & more' };
const COMPANY = 'Bolt & "Nut" <script>';
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-email-spec-'));
const pdf = (name: string, size: number) => {
  const bytes = Buffer.alloc(size);
  Buffer.from('%PDF-1.4\n').copy(bytes);
  for (let i = 9; i < size; i++) bytes[i] = (i * 31) % 256; // every byte value: survives base64, not text
  fs.writeFileSync(path.join(files, name), bytes);
  return { fileName: name, path: path.join(files, name), contentType: 'application/pdf' };
};
const valuation = pdf('inventory-valuation.pdf', 20_000);
const reconciliation = pdf('reconciliation.pdf', 5_000);
const huge = pdf('item-ledger.pdf', 70_000);

function closeMail(runId: string, fields: Partial<PeriodCloseEmailInput> = {}): PeriodCloseEmailInput {
  return {
    runId,
    recipients: ['CFO@example.com'],
    company: COMPANY,
    periodStartingDate: '2024-01-01',
    periodEndingDate: '2024-01-31',
    reconciliation: { clean: true, difference: '0' },
    attachments: [valuation, reconciliation],
    packageFileName: 'costclose-period-2024-01-31.zip',
    ...fields,
  };
}

async function emailContext(mail: Partial<MailConfig>, clock: Clock, scheduler?: Scheduler): Promise<{ app: TestingModule; close(): Promise<void> }> {
  const db: ScratchDatabase = await createTestDatabase();
  const base = testConfig();
  const config: AppConfig = { ...base, mail: { ...base.mail, ...mail } };
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot({ config, databaseUrl: db.url, migrate: false })] })
    .overrideProvider(Clock)
    .useValue(clock);
  if (scheduler) builder = builder.overrideProvider(Scheduler).useValue(scheduler);
  const app = await builder.compile();
  app.useLogger(false);
  await app.init();
  return {
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

describe('e-mail to finance over SMTP', () => {
  const clock = new ManualClock('2024-02-01T06:00:00Z');
  let port: number;
  let sink: SmtpSink | null = null;
  let ctx: Awaited<ReturnType<typeof emailContext>>;
  let email: EmailDeliveryService;
  const row = async (runId: string, recipient = 'cfo@example.com') => (await email.list(runId)).find((d) => d.recipient === recipient)!;
  const startSink = async (options: Parameters<typeof SmtpSink.start>[0] = {}) => {
    await sink?.stop();
    sink = await SmtpSink.start({ port, auth: AUTH, rejectRecipients: ['nobody@example.com'], ...options });
    return sink;
  };

  beforeAll(async () => {
    port = await closedPort();
    ctx = await emailContext(
      {
        host: '127.0.0.1',
        port,
        security: 'none',
        user: AUTH.user,
        password: AUTH.password,
        from: 'Costclose <close@example.com>',
        maxAttachmentBytes: 64 * 1024,
        publicBaseUrl: 'https://costclose.example.com',
        retryInitialSeconds: 60,
        retryMaxSeconds: 3600,
        maxAttempts: 4,
      },
      clock,
    );
    email = ctx.app.get(EmailDeliveryService);
  });
  afterAll(async () => {
    await ctx.close();
    await sink?.stop();
  });

  it('keeps a delivery pending while the server is down, backing off, and sends it once the server is back', async () => {
    const queued = await email.enqueuePeriodClose(closeMail('run-down'));
    expect(queued.deliveries).toMatchObject([{ recipient: 'cfo@example.com', status: 'pending', attempts: 0, created: true }]);

    expect(await email.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0, configured: true });
    const first = await row('run-down');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, sentAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(first.nextAttemptAt).toBe('2024-02-01T06:01:00.000Z');

    clock.advance(30_000); // not due yet: nothing is tried
    expect(await email.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, configured: true });
    clock.advance(30_000);
    expect(await email.deliverDue()).toMatchObject({ retrying: 1 });
    expect(await row('run-down')).toMatchObject({ attempts: 2, nextAttemptAt: '2024-02-01T06:03:00.000Z' }); // 2 minutes: doubled

    await startSink();
    clock.advance(60_000);
    expect(await email.deliverDue()).toMatchObject({ sent: 0, retrying: 0 });
    clock.advance(60_000);
    expect(await email.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0, configured: true });
    const [mail] = await sink!.waitFor(1);
    expect(mail.envelope.to).toEqual(['cfo@example.com']);
    expect(await row('run-down')).toMatchObject({
      status: 'sent',
      attempts: 3,
      sentAt: '2024-02-01T06:03:00.000Z',
      lastError: null,
      nextAttemptAt: null,
      messageId: mail.parsed.messageId,
    });
  });

  it('sends one message per recipient with the PDFs attached, escaping HTML only in the HTML body', async () => {
    const before = sink!.received.length;
    const queued = await email.enqueuePeriodClose(closeMail('run-1', { recipients: [' CFO@example.com', 'controller@example.com', 'cfo@example.com'] }));
    expect(queued.attached).toBe(true);
    expect(queued.deliveries.map((d) => [d.recipient, d.created, d.packageLink])).toEqual([
      ['cfo@example.com', true, null],
      ['controller@example.com', true, null],
    ]);
    expect(await email.deliverDue()).toEqual({ sent: 2, retrying: 0, failed: 0, configured: true });
    const mails = (await sink!.waitFor(before + 2)).slice(before);
    expect(mails.map((m) => m.envelope.to)).toEqual([['cfo@example.com'], ['controller@example.com']]);
    for (const m of mails) {
      expect(m.user).toBe(AUTH.user); // authenticated with the configured credentials
      expect(m.envelope.from).toBe('close@example.com');
      expect(m.parsed.subject).toBe('Bolt & "Nut" <script>: inventory period 2024-01-01 to 2024-01-31 closed');
      expect(m.parsed.headers.get('x-costclose-run-id')).toBe('run-1');
      expect(m.parsed.messageId).toMatch(/^<period-close\.run-1\.\d+@example\.com>$/);
      expect(
        m.parsed.attachments.map((a) => [
          a.filename,
          a.contentType,
          a.content.equals(fs.readFileSync(a.filename === valuation.fileName ? valuation.path : reconciliation.path)),
        ]),
      ).toEqual([
        ['inventory-valuation.pdf', 'application/pdf', true],
        ['reconciliation.pdf', 'application/pdf', true],
      ]);
      const html = m.parsed.html as string;
      expect(html).toContain('<strong>Bolt &amp; &quot;Nut&quot; &lt;script&gt;</strong>');
      expect(html).not.toContain('<script>');
      expect(html).toContain('<li>inventory-valuation.pdf (19.5 KB)</li>');
      expect(html).toContain('no difference');
      expect(m.parsed.text).toContain('The inventory period 2024-01-01 to 2024-01-31 of Bolt & "Nut" <script> is closed.\nClose run: run-1\n');
      expect(m.parsed.text).toContain('Attached reports:\n- inventory-valuation.pdf (19.5 KB)\n- reconciliation.pdf (4.9 KB)\n');
      expect(m.parsed.text).not.toContain('&amp;');
    }
    const rows = await email.list('run-1');
    expect(rows.map((r) => [r.recipient, r.status, r.attempts, r.sentAt])).toEqual([
      ['cfo@example.com', 'sent', 1, clock.now().toISOString()],
      ['controller@example.com', 'sent', 1, clock.now().toISOString()],
    ]);
    expect(rows.map((r) => r.messageId)).toEqual(mails.map((m) => m.parsed.messageId));
  });

  it('does not duplicate or resend when the same run is enqueued again', async () => {
    const before = sink!.received.length;
    const again = await email.enqueuePeriodClose(closeMail('run-1', { recipients: ['cfo@example.com', 'controller@example.com'] }));
    expect(again.deliveries.map((d) => [d.recipient, d.created, d.status])).toEqual([
      ['cfo@example.com', false, 'sent'],
      ['controller@example.com', false, 'sent'],
    ]);
    clock.advance(3600_000);
    expect(await email.deliverDue()).toMatchObject({ sent: 0 });
    const widened = await email.enqueuePeriodClose(closeMail('run-1', { recipients: ['cfo@example.com', 'auditor@example.com'] }));
    expect(widened.deliveries.map((d) => [d.recipient, d.created])).toEqual([
      ['cfo@example.com', false],
      ['auditor@example.com', true],
    ]);
    expect(await email.deliverDue()).toMatchObject({ sent: 1 });
    const [mail] = (await sink!.waitFor(before + 1)).slice(before);
    expect(mail.envelope.to).toEqual(['auditor@example.com']);
    expect(await email.list('run-1')).toHaveLength(3);
    expect(sink!.received).toHaveLength(before + 1);
  });

  it('links to the package instead of attaching reports over the size limit, and names a reconciliation difference', async () => {
    const before = sink!.received.length;
    const queued = await email.enqueuePeriodClose(
      closeMail('run-2', { attachments: [valuation, huge], reconciliation: { clean: false, difference: '-12.50' } }),
    );
    const link = 'https://costclose.example.com/api/periods/2024-01-31/package';
    expect(queued.attached).toBe(false);
    expect(queued.deliveries).toMatchObject([{ attachments: [], packageLink: link }]);
    await email.deliverDue();
    const [mail] = (await sink!.waitFor(before + 1)).slice(before);
    expect(mail.parsed.attachments).toEqual([]);
    expect(mail.parsed.subject).toBe(`${COMPANY}: inventory period 2024-01-01 to 2024-01-31 closed, reconciliation difference -12.50`);
    expect(mail.parsed.text).toContain(
      `The reports (87.9 KB) are larger than the 64.0 KB an e-mail may carry, so they are not attached.\nDownload the reports in the period-close package costclose-period-2024-01-31.zip:\n${link}\n`,
    );
    expect(mail.parsed.text).toContain('inventory and general ledger differ by -12.50.');
    expect(mail.parsed.html).toContain(`<a href="${link}">costclose-period-2024-01-31.zip</a>`);
  });

  it('records an authentication failure and retries; gives up at once on a recipient the server refuses', async () => {
    const before = sink!.received.length;
    sink!.options.auth = { user: AUTH.user, password: 'rotated' };
    await email.enqueuePeriodClose(closeMail('run-3'));
    expect(await email.deliverDue()).toMatchObject({ retrying: 1 });
    expect(await row('run-3')).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/^EAUTH: .*535/) });
    sink!.options.auth = AUTH;
    clock.advance(60_000);
    expect(await email.deliverDue()).toMatchObject({ sent: 1 });
    await sink!.waitFor(before + 1);

    await email.enqueuePeriodClose(closeMail('run-4', { recipients: ['nobody@example.com'] }));
    expect(await email.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 1, configured: true });
    expect(await row('run-4', 'nobody@example.com')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: expect.stringMatching(/^EENVELOPE: .*550/),
    });
  });

  it('marks a delivery failed after the last allowed attempt', async () => {
    await sink!.stop();
    await email.enqueuePeriodClose(closeMail('run-5'));
    const rounds = [];
    for (let i = 0; i < 4; i++) {
      rounds.push(await email.deliverDue());
      clock.advance(3600_000);
    }
    expect(rounds.map((r) => [r.retrying, r.failed])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(await row('run-5')).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
    await startSink();
    expect(await email.deliverDue()).toMatchObject({ sent: 0 }); // failed stays failed
  });

  it('refuses bad input naming each field, and stores nothing', async () => {
    await expect(
      email.enqueuePeriodClose({
        ...closeMail('run-bad'),
        recipients: ['finance@example.com', 'not an address'],
        periodEndingDate: '2024-01-32',
        reconciliation: { clean: false, difference: '1e3' },
        attachments: [{ fileName: 'x.pdf', path: path.join(files, 'missing.pdf'), contentType: 'application/pdf' }],
        packageUrl: 'javascript:alert(1)',
      }),
    ).rejects.toMatchObject({
      status: 422,
      details: [
        { field: 'periodEndingDate' },
        { field: 'reconciliation.difference' },
        { field: 'packageUrl' },
        { field: 'recipients[1]', message: "'not an address' is not an e-mail address" },
        { field: 'attachments[0].path' },
      ],
    });
    expect(await email.list('run-bad')).toEqual([]);
    const count = await withSession(ctx.app.get(MikroORM), (sql) => sql.query<{ n: string }>('SELECT count(*)::text AS n FROM email_delivery'));
    expect(count[0].n).toBe('8');
  });
});

describe('the e-mail outbox worker', () => {
  it('sends what is due on each tick of its interval, and stops ticking on shutdown', async () => {
    const sink = await SmtpSink.start();
    const scheduler = new ManualScheduler();
    const ctx = await emailContext(
      { host: '127.0.0.1', port: sink.port, security: 'none', outboxIntervalSeconds: 45 },
      new ManualClock('2024-02-01T06:00:00Z'),
      scheduler,
    );
    try {
      expect(scheduler.tasks.map((t) => [t.intervalMs, t.cancelled])).toEqual([[45_000, false]]);
      await ctx.app.get(EmailDeliveryService).enqueuePeriodClose(closeMail('run-w', { recipients: ['a@example.com', 'b@example.com'] }));
      const worker = ctx.app.get(EmailOutboxWorker);
      scheduler.tick();
      scheduler.tick(); // a tick during a round asks for one more round, not a parallel one
      await worker.idle();
      expect((await sink.waitFor(2)).map((m) => m.envelope.to[0]).sort()).toEqual(['a@example.com', 'b@example.com']);
      expect(sink.received).toHaveLength(2);
    } finally {
      await ctx.close();
      await sink.stop();
    }
    expect(scheduler.tasks[0].cancelled).toBe(true);
  });

  it('keeps no timer while SMTP is not configured, or with the interval 0', () => {
    const scheduler = new ManualScheduler();
    const mail = testConfig().mail;
    for (const settings of [
      { ...mail, host: null, outboxIntervalSeconds: 30 },
      { ...mail, host: '127.0.0.1', outboxIntervalSeconds: 0 },
    ]) {
      // The worker never reaches the delivery service without a timer or a kick; none is needed here.
      new EmailOutboxWorker(null as unknown as EmailDeliveryService, scheduler, new MailTransport({ mail: settings }), {
        mail: settings,
      }).onApplicationBootstrap();
    }
    expect(scheduler.tasks).toEqual([]);
  });
});

describe('the SMTP transport over STARTTLS', () => {
  const mail = {
    to: 'cfo@example.com',
    subject: 'TLS',
    text: 'over TLS',
    html: '<p>over TLS</p>',
    attachments: [],
    messageId: '<tls.1@example.com>',
    headers: {},
  };
  const transport = (port: number, tlsRejectUnauthorized: boolean) =>
    new MailTransport({
      mail: {
        ...testConfig().mail,
        host: '127.0.0.1',
        port,
        security: 'starttls',
        tlsRejectUnauthorized,
        user: AUTH.user,
        password: AUTH.password,
        from: 'close@example.com',
      },
    });

  it('upgrades the connection before authenticating, and refuses an untrusted certificate unless told otherwise', async () => {
    const sink = await SmtpSink.start({ starttls: true, auth: AUTH });
    try {
      // smtp-server's built-in certificate is self-signed (and, by now, expired): no CA vouches for it.
      await expect(transport(sink.port, true).send(mail)).rejects.toThrow(/certificate/);
      expect(sink.received).toEqual([]);
      const sent = await transport(sink.port, false).send(mail);
      const [received] = await sink.waitFor(1);
      expect(received).toMatchObject({ secure: true, user: AUTH.user });
      expect(received.parsed.messageId).toBe(sent.messageId);
    } finally {
      await sink.stop();
    }
  });

  it('refuses to send in the clear when the server offers no STARTTLS', async () => {
    const sink = await SmtpSink.start({ starttls: false });
    try {
      await expect(transport(sink.port, false).send(mail)).rejects.toMatchObject({ message: expect.stringMatching(/STARTTLS/) });
      expect(sink.received).toEqual([]);
    } finally {
      await sink.stop();
    }
  });
});
