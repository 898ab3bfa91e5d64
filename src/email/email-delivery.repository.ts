import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../database/sql-session';
import type { EmailDeliveryStatus, StoredAttachment } from './email-delivery.entity';

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

export interface NewDelivery {
  runId: string;
  recipients: readonly string[];
  subject: string;
  text: string;
  html: string;
  attachments: readonly StoredAttachment[];
  packageLink: string | null;
  at: Date;
}

/** A claimed delivery is hidden from other senders this long; if the sender dies, it is due again. */
const CLAIM_LEASE_MS = 15 * 60 * 1000;
export const CLAIM_BATCH = 20;

export interface ClaimedDelivery {
  id: number;
  runId: string;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attachments: StoredAttachment[];
  attempts: number;
}

/** The e-mail outbox (`email_delivery`): the only SQL on it. */
@Injectable()
export class EmailDeliveryRepository {
  constructor(private readonly orm: MikroORM) {}

  /** One pending delivery per recipient the run has none for yet; the recipients it created. */
  async enqueue(d: NewDelivery): Promise<string[]> {
    const rows = await withSession(this.orm, (sql) =>
      sql.query<{ recipient: string }>(
        `INSERT INTO email_delivery (run_id, recipient, subject, text_body, html_body, attachments, package_link, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT $1, r, $3, $4, $5, $6::jsonb, $7, 'pending', 0, $8, $8, $8 FROM unnest($2::text[]) r
         ON CONFLICT (run_id, recipient) DO NOTHING
         RETURNING recipient`,
        [d.runId, [...d.recipients], d.subject, d.text, d.html, JSON.stringify(d.attachments), d.packageLink, d.at],
      ),
    );
    return rows.map((r) => r.recipient);
  }

  /** The deliveries of one run, or the latest 1000 of all runs; oldest first. */
  async list(runId?: string): Promise<EmailDeliveryView[]> {
    const rows = await withSession(this.orm, (sql) =>
      sql.query<DeliveryRow>(
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
  async claimDue(now: Date): Promise<ClaimedDelivery[]> {
    const rows = await withSession(this.orm, (sql) =>
      sql.query<{
        id: number;
        run_id: string;
        recipient: string;
        subject: string;
        text_body: string;
        html_body: string;
        attachments: StoredAttachment[];
        attempts: number;
      }>(
        `UPDATE email_delivery SET next_attempt_at = $2, updated_at = $1
          WHERE id IN (SELECT id FROM email_delivery WHERE status = 'pending' AND next_attempt_at <= $1
                        ORDER BY next_attempt_at, id LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, run_id, recipient, subject, text_body, html_body, attachments, attempts`,
        [now, new Date(now.getTime() + CLAIM_LEASE_MS)],
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      runId: r.run_id,
      recipient: r.recipient,
      subject: r.subject,
      textBody: r.text_body,
      htmlBody: r.html_body,
      attachments: r.attachments,
      attempts: r.attempts,
    }));
  }

  async markSent(id: number, attempts: number, at: Date, messageId: string): Promise<void> {
    await this.update(id, "status = 'sent', attempts = $2, sent_at = $3, message_id = $4, last_error = NULL, next_attempt_at = NULL, updated_at = $3", [
      attempts,
      at,
      messageId,
    ]);
  }

  async markFailed(id: number, attempts: number, error: string, at: Date): Promise<void> {
    await this.update(id, "status = 'failed', attempts = $2, last_error = $3, next_attempt_at = NULL, updated_at = $4", [attempts, error, at]);
  }

  async markRetry(id: number, attempts: number, error: string, nextAttemptAt: Date, at: Date): Promise<void> {
    await this.update(id, "status = 'pending', attempts = $2, last_error = $3, next_attempt_at = $4, updated_at = $5", [attempts, error, nextAttemptAt, at]);
  }

  private async update(id: number, assignments: string, values: (string | number | Date | null)[]): Promise<void> {
    await withSession(this.orm, (sql) => sql.query(`UPDATE email_delivery SET ${assignments} WHERE id = $1`, [id, ...values]));
  }
}

interface DeliveryRow {
  id: number;
  run_id: string;
  recipient: string;
  subject: string;
  status: EmailDeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  message_id: string | null;
  attachments: StoredAttachment[];
  package_link: string | null;
  created_at: Date;
}

function toView(r: DeliveryRow): EmailDeliveryView {
  const iso = (v: Date | null) => (v instanceof Date ? v.toISOString() : null);
  return {
    id: r.id,
    runId: r.run_id,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    sentAt: iso(r.sent_at),
    messageId: r.message_id,
    attachments: r.attachments.map((a) => ({ fileName: a.fileName, size: a.size })),
    packageLink: r.package_link,
    createdAt: r.created_at.toISOString(),
  };
}
