import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import type { AppConfig, MailConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withSession } from '../database/sql-session';
import type { EmailDeliveryStatus, StoredAttachment } from './email-delivery.entity';
import { EmailTemplates, formatBytes } from './email-templates';
import { MailTransport } from './mail-transport';
import { PeriodCloseEmailInput, validatePeriodCloseEmail } from './period-close-email-input';
import { retryDelaySeconds } from './retry-schedule';

export interface EmailDeliveryView {
  id: number;
  runId: string;
  recipient: string;
  subject: string;
  status: EmailDeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  messageId: string | null;
  attachments: { fileName: string; size: number }[];
  packageLink: string | null;
  createdAt: string;
}

export interface EnqueueResult {
  /** False when the reports were too large together and the message links to the package instead. */
  attached: boolean;
  /** One per recipient; `created` is false for a recipient the run already had a delivery for. */
  deliveries: (EmailDeliveryView & { created: boolean })[];
}

export interface DeliveryRound {
  sent: number;
  /** Failed this time, tried again later. */
  retrying: number;
  /** Given up: permanent refusal or the last allowed attempt failed. */
  failed: number;
  /** False when no SMTP host is configured; due deliveries then stay pending, untouched. */
  configured: boolean;
}

/** A claimed delivery is hidden from other senders this long; if the sender dies, it is due again. */
const CLAIM_LEASE_MS = 15 * 60 * 1000;
const CLAIM_BATCH = 20;

interface ClaimedRow {
  id: number;
  run_id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: StoredAttachment[];
  attempts: number;
}

/**
 * The e-mail to finance after a period close, as an outbox: `enqueuePeriodClose` renders the
 * message once and stores one delivery per recipient (nothing is sent, so the close never waits
 * for SMTP); `deliverDue` sends what is due, one message per recipient, and records each outcome,
 * retrying with exponential backoff. SMTP trouble is recorded, never thrown.
 */
@Injectable()
export class EmailDeliveryService {
  private readonly logger = new Logger('Email');
  private readonly config: MailConfig;
  private warnedUnconfigured = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly templates: EmailTemplates,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) appConfig: Pick<AppConfig, 'mail'>,
  ) {
    this.config = appConfig.mail;
  }

  async enqueuePeriodClose(input: PeriodCloseEmailInput): Promise<EnqueueResult> {
    const { recipients, sizes } = await validatePeriodCloseEmail(input);
    const total = sizes.reduce((a, b) => a + b, 0);
    const tooLarge = total > this.config.maxAttachmentBytes;
    const packageUrl = input.packageUrl ?? `${this.config.publicBaseUrl}/api/periods/${input.periodEndingDate}/package`;
    const attachments: StoredAttachment[] = tooLarge ? [] : input.attachments.map((a, i) => ({ fileName: a.fileName, path: a.path, contentType: a.contentType, size: sizes[i] }));
    const mail = this.templates.renderPeriodClose({
      company: input.company,
      period: { startingDate: input.periodStartingDate, endingDate: input.periodEndingDate },
      runId: input.runId,
      reconciliation: { clean: input.reconciliation.clean, difference: input.reconciliation.difference },
      attachments: attachments.map((a) => ({ fileName: a.fileName, size: formatBytes(a.size) })),
      tooLarge,
      totalSize: formatBytes(total),
      limit: formatBytes(this.config.maxAttachmentBytes),
      packageFileName: input.packageFileName,
      packageUrl,
    });
    const packageLink = attachments.length ? null : packageUrl;
    const now = this.clock.now();
    const created = await withSession(this.orm, (sql) =>
      sql.query<{ recipient: string }>(
        `INSERT INTO email_delivery (run_id, recipient, subject, text_body, html_body, attachments, package_link, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT $1, r, $3, $4, $5, $6::jsonb, $7, 'pending', 0, $8, $8, $8 FROM unnest($2::text[]) r
         ON CONFLICT (run_id, recipient) DO NOTHING
         RETURNING recipient`,
        [input.runId, recipients, mail.subject, mail.text, mail.html, JSON.stringify(attachments), packageLink, now],
      ),
    );
    const fresh = new Set(created.map((r) => r.recipient));
    const rows = (await this.list(input.runId)).filter((d) => recipients.includes(d.recipient));
    return { attached: !tooLarge, deliveries: rows.map((d) => ({ ...d, created: fresh.has(d.recipient) })) };
  }

  /** Sends every pending delivery that is due now. Never throws because of SMTP problems. */
  async deliverDue(): Promise<DeliveryRound> {
    const round: DeliveryRound = { sent: 0, retrying: 0, failed: 0, configured: this.transport.configured };
    if (!this.transport.configured) {
      if (!this.warnedUnconfigured) this.logger.warn('E-mail is not configured (COSTCLOSE_SMTP_HOST is unset): deliveries stay pending');
      this.warnedUnconfigured = true;
      return round;
    }
    for (;;) {
      const claimed = await this.claimDue();
      for (const row of claimed) await this.deliver(row, round);
      if (claimed.length < CLAIM_BATCH) return round;
    }
  }

  /** The deliveries of one run, or the latest 1000 of all runs; oldest first. */
  async list(runId?: string): Promise<EmailDeliveryView[]> {
    const rows = await withSession(this.orm, (sql) =>
      sql.query<Record<string, unknown>>(
        `SELECT * FROM (
           SELECT id, run_id, recipient, subject, status, attempts, last_error, next_attempt_at, sent_at, message_id, attachments, package_link, created_at
             FROM email_delivery WHERE $1::text IS NULL OR run_id = $1 ORDER BY id DESC LIMIT 1000) latest
          ORDER BY id`,
        [runId ?? null],
      ),
    );
    return rows.map(toView);
  }

  /**
   * Takes up to a batch of due deliveries by moving their next attempt past a lease, in one
   * statement that skips rows another sender holds: two service instances never send the same
   * delivery at once, and a sender that dies mid-way leaves its rows due again after the lease.
   */
  private async claimDue(): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    return withSession(this.orm, (sql) =>
      sql.query<ClaimedRow>(
        `UPDATE email_delivery SET next_attempt_at = $2, updated_at = $1
          WHERE id IN (SELECT id FROM email_delivery WHERE status = 'pending' AND next_attempt_at <= $1
                        ORDER BY next_attempt_at, id LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, run_id, recipient, subject, text_body, html_body, attachments, attempts`,
        [now, new Date(now.getTime() + CLAIM_LEASE_MS)],
      ),
    );
  }

  private async deliver(row: ClaimedRow, round: DeliveryRound): Promise<void> {
    const attempts = row.attempts + 1;
    try {
      const sent = await this.transport.send({
        to: row.recipient,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        attachments: row.attachments,
        messageId: messageIdFor(row, this.transport.from),
        headers: { 'X-Costclose-Run-Id': row.run_id },
      });
      await this.record(row.id, "status = 'sent', attempts = $2, sent_at = $3, message_id = $4, last_error = NULL, next_attempt_at = NULL, updated_at = $3", [attempts, this.clock.now(), sent.messageId]);
      round.sent++;
    } catch (e) {
      const error = describeSmtpError(e);
      const now = this.clock.now();
      if (isPermanent(e) || attempts >= this.config.maxAttempts) {
        await this.record(row.id, "status = 'failed', attempts = $2, last_error = $3, next_attempt_at = NULL, updated_at = $4", [attempts, error, now]);
        this.logger.error(`E-mail ${row.id} for run ${row.run_id} to ${row.recipient} failed for good after ${attempts} attempt(s): ${error}`);
        round.failed++;
      } else {
        const next = new Date(now.getTime() + retryDelaySeconds(attempts, this.config.retryInitialSeconds, this.config.retryMaxSeconds) * 1000);
        await this.record(row.id, "status = 'pending', attempts = $2, last_error = $3, next_attempt_at = $4, updated_at = $5", [attempts, error, next, now]);
        this.logger.warn(`E-mail ${row.id} to ${row.recipient} not sent (attempt ${attempts}), next try ${next.toISOString()}: ${error}`);
        round.retrying++;
      }
    }
  }

  private async record(id: number, assignments: string, values: (string | number | Date | null)[]): Promise<void> {
    await withSession(this.orm, (sql) => sql.query(`UPDATE email_delivery SET ${assignments} WHERE id = $1`, [id, ...values]));
  }
}

/** Stable per delivery: a retry after a crash between sending and recording carries the same id. */
function messageIdFor(row: ClaimedRow, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'costclose.invalid';
  return `<period-close.${row.run_id.replace(/[^A-Za-z0-9-]/g, '_')}.${row.id}@${domain}>`;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** The server refused the recipient for good (5xx to RCPT TO): retrying cannot help. */
function isPermanent(e: unknown): boolean {
  const err = e as SmtpError;
  return err?.code === 'EENVELOPE' && typeof err.responseCode === 'number' && err.responseCode >= 500;
}

function describeSmtpError(e: unknown): string {
  const err = e as SmtpError;
  const text = [err?.code, err?.message ?? String(e)].filter(Boolean).join(': ');
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

function toView(r: Record<string, unknown>): EmailDeliveryView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
  return {
    id: r.id as number,
    runId: r.run_id as string,
    recipient: r.recipient as string,
    subject: r.subject as string,
    status: r.status as EmailDeliveryStatus,
    attempts: r.attempts as number,
    lastError: r.last_error as string | null,
    nextAttemptAt: iso(r.next_attempt_at),
    sentAt: iso(r.sent_at),
    messageId: r.message_id as string | null,
    attachments: (r.attachments as StoredAttachment[]).map((a) => ({ fileName: a.fileName, size: a.size })),
    packageLink: r.package_link as string | null,
    createdAt: iso(r.created_at) as string,
  };
}
