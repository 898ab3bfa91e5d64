import { EntitySchema } from '@mikro-orm/core';

export type EmailDeliveryStatus = 'pending' | 'sent' | 'failed';

export interface StoredAttachment {
  fileName: string;
  path: string;
  contentType: string;
  size: number;
}

/**
 * One e-mail to one recipient for one close run: the rendered message as it will be (or was)
 * sent, and its delivery state. Unique per (run, recipient), so enqueueing a run twice neither
 * duplicates nor resends.
 */
export class EmailDelivery {
  id!: number;
  runId!: string;
  recipient!: string;
  subject!: string;
  textBody!: string;
  htmlBody!: string;
  attachments: StoredAttachment[] = [];
  /** The package link the message carries instead of attachments; null when the reports are attached. */
  packageLink: string | null = null;
  status: EmailDeliveryStatus = 'pending';
  attempts = 0;
  lastError: string | null = null;
  nextAttemptAt: Date | null = null;
  sentAt: Date | null = null;
  messageId: string | null = null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const EmailDeliverySchema = new EntitySchema<EmailDelivery>({
  class: EmailDelivery,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    runId: { type: 'text' },
    recipient: { type: 'text' },
    subject: { type: 'text' },
    textBody: { type: 'text' },
    htmlBody: { type: 'text' },
    attachments: { type: 'json' },
    packageLink: { type: 'text', nullable: true },
    status: { type: 'string', length: 16 },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    nextAttemptAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    sentAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    messageId: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  uniques: [{ name: 'email_delivery_run_recipient_unique', properties: ['runId', 'recipient'] }],
  indexes: [
    { name: 'email_delivery_due_idx', expression: `create index "email_delivery_due_idx" on "email_delivery" ("next_attempt_at") where "status" = 'pending'` },
  ],
});
