import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { AppConfig, MailConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { StoredAttachment } from './email-delivery.entity';
import { CLAIM_BATCH, type ClaimedDelivery, EmailDeliveryRepository, type EmailDeliveryView } from './email-delivery.repository';
import { EmailTemplates, formatBytes } from './email-templates';
import { MailTransport } from './mail-transport';
import { PeriodCloseEmailInput, validatePeriodCloseEmail } from './period-close-email-input';
import { retryDelaySeconds } from './retry-schedule';

export type { EmailDeliveryView };

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
    private readonly deliveries: EmailDeliveryRepository,
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
    const attachments: StoredAttachment[] = tooLarge
      ? []
      : input.attachments.map((a, i) => ({ fileName: a.fileName, path: a.path, contentType: a.contentType, size: sizes[i] }));
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
    const created = await this.deliveries.enqueue({
      runId: input.runId,
      recipients,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments,
      packageLink,
      at: now,
    });
    const fresh = new Set(created);
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
      const claimed = await this.deliveries.claimDue(this.clock.now());
      for (const row of claimed) await this.deliver(row, round);
      if (claimed.length < CLAIM_BATCH) return round;
    }
  }

  /** The deliveries of one run, or the latest 1000 of all runs; oldest first. */
  list(runId?: string): Promise<EmailDeliveryView[]> {
    return this.deliveries.list(runId);
  }

  private async deliver(row: ClaimedDelivery, round: DeliveryRound): Promise<void> {
    const attempts = row.attempts + 1;
    try {
      const sent = await this.transport.send({
        to: row.recipient,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        attachments: row.attachments,
        messageId: messageIdFor(row, this.transport.from),
        headers: { 'X-Costclose-Run-Id': row.runId },
      });
      await this.deliveries.markSent(row.id, attempts, this.clock.now(), sent.messageId);
      round.sent++;
    } catch (e) {
      const error = describeSmtpError(e);
      const now = this.clock.now();
      if (isPermanent(e) || attempts >= this.config.maxAttempts) {
        await this.deliveries.markFailed(row.id, attempts, error, now);
        this.logger.error(`E-mail ${row.id} for run ${row.runId} to ${row.recipient} failed for good after ${attempts} attempt(s): ${error}`);
        round.failed++;
      } else {
        const next = new Date(now.getTime() + retryDelaySeconds(attempts, this.config.retryInitialSeconds, this.config.retryMaxSeconds) * 1000);
        await this.deliveries.markRetry(row.id, attempts, error, next, now);
        this.logger.warn(`E-mail ${row.id} to ${row.recipient} not sent (attempt ${attempts}), next try ${next.toISOString()}: ${error}`);
        round.retrying++;
      }
    }
  }
}

/** Stable per delivery: a retry after a crash between sending and recording carries the same id. */
function messageIdFor(row: ClaimedDelivery, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'costclose.invalid';
  return `<period-close.${row.runId.replace(/[^A-Za-z0-9-]/g, '_')}.${row.id}@${domain}>`;
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
