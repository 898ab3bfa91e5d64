import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import * as nodemailer from 'nodemailer';
import type { AppConfig, MailConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { fileName: string; path: string; contentType: string }[];
  /** Fixed per delivery, so that a message sent twice (crash before recording) is recognisable. */
  messageId: string;
  headers: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** The server's final reply, e.g. "250 OK: queued as 1234". */
  response: string;
}

/**
 * SMTP with nodemailer, configured from COSTCLOSE_SMTP_* (host, port, TLS mode, auth). One
 * connection per message: the close sends a handful, and a fresh connection after an outage needs
 * no pool recovery. Tests point it at a real SMTP server (smtp-server on 127.0.0.1) through the
 * same configuration. `send` throws nodemailer's errors (code, responseCode) for the caller to
 * record.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly config: MailConfig;
  private readonly transporter: nodemailer.Transporter | null;

  constructor(@Inject(APP_CONFIG) appConfig: Pick<AppConfig, 'mail'>) {
    this.config = appConfig.mail;
    const c = this.config;
    this.transporter = c.host
      ? nodemailer.createTransport({
          host: c.host,
          port: c.port,
          secure: c.security === 'tls',
          requireTLS: c.security === 'starttls',
          ignoreTLS: c.security === 'none',
          auth: c.user ? { user: c.user, pass: c.password ?? '' } : undefined,
          tls: { rejectUnauthorized: c.tlsRejectUnauthorized },
          // nodemailer waits up to 2 and 10 minutes by default; a hung server should cost a retry, not the worker.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 120_000,
        })
      : null;
  }

  /** False when no SMTP host is configured: nothing can be sent. */
  get configured(): boolean {
    return this.transporter !== null;
  }

  get from(): string {
    return this.config.from;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    if (!this.transporter) throw new Error('SMTP is not configured (COSTCLOSE_SMTP_HOST is unset)');
    const info = await this.transporter.sendMail({
      from: this.config.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
      attachments: mail.attachments.map((a) => ({ filename: a.fileName, path: a.path, contentType: a.contentType })),
    });
    return { messageId: String(info.messageId), response: String(info.response ?? '') };
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
