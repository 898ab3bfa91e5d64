import * as path from 'path';
import { loadAppConfig } from '../../src/config/app-config';

describe('configuration: packages and e-mail', () => {
  it('has defaults that need nothing set', () => {
    const config = loadAppConfig({ COSTCLOSE_DATA_DIR: '/srv/costclose' });
    expect(config.packageDir).toBe(path.resolve('/srv/costclose/packages'));
    expect(config.mail).toEqual({
      host: null,
      port: 587,
      security: 'starttls',
      tlsRejectUnauthorized: true,
      user: null,
      password: null,
      from: 'Costclose <costclose@localhost>',
      maxAttachmentBytes: 10 * 1024 * 1024,
      publicBaseUrl: 'http://localhost:3000',
      retryInitialSeconds: 60,
      retryMaxSeconds: 3600,
      maxAttempts: 10,
      outboxIntervalSeconds: 30,
    });
  });

  it('reads every setting, with the port following the TLS mode unless given', () => {
    const config = loadAppConfig({
      COSTCLOSE_PACKAGE_DIR: '/archive/packages',
      COSTCLOSE_SMTP_HOST: 'smtp.example.com',
      COSTCLOSE_SMTP_SECURITY: 'tls',
      COSTCLOSE_SMTP_USER: 'close',
      COSTCLOSE_SMTP_PASSWORD: ' spaces kept ',
      COSTCLOSE_SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
      COSTCLOSE_MAIL_FROM: 'Close <close@example.com>',
      COSTCLOSE_MAIL_MAX_ATTACHMENT_BYTES: '1000',
      COSTCLOSE_PUBLIC_BASE_URL: 'https://costclose.example.com/',
      COSTCLOSE_MAIL_RETRY_INITIAL_SECONDS: '30',
      COSTCLOSE_MAIL_RETRY_MAX_SECONDS: '600',
      COSTCLOSE_MAIL_MAX_ATTEMPTS: '5',
      COSTCLOSE_MAIL_OUTBOX_INTERVAL_SECONDS: '0',
    });
    expect(config.packageDir).toBe(path.resolve('/archive/packages'));
    expect(config.mail).toEqual({
      host: 'smtp.example.com',
      port: 465,
      security: 'tls',
      tlsRejectUnauthorized: false,
      user: 'close',
      password: ' spaces kept ',
      from: 'Close <close@example.com>',
      maxAttachmentBytes: 1000,
      publicBaseUrl: 'https://costclose.example.com',
      retryInitialSeconds: 30,
      retryMaxSeconds: 600,
      maxAttempts: 5,
      outboxIntervalSeconds: 0,
    });
    expect(loadAppConfig({ COSTCLOSE_SMTP_SECURITY: 'none', COSTCLOSE_SMTP_PORT: '2525' }).mail.port).toBe(2525);
  });

  it('refuses a bad value naming the variable', () => {
    expect(() => loadAppConfig({ COSTCLOSE_SMTP_SECURITY: 'ssl' })).toThrow("COSTCLOSE_SMTP_SECURITY must be tls, starttls or none, not 'ssl'");
    expect(() => loadAppConfig({ COSTCLOSE_SMTP_PORT: '25x' })).toThrow("COSTCLOSE_SMTP_PORT must be a whole number above 0, not '25x'");
    expect(() => loadAppConfig({ COSTCLOSE_MAIL_MAX_ATTEMPTS: '0' })).toThrow(/COSTCLOSE_MAIL_MAX_ATTEMPTS must be a whole number above 0/);
    expect(() => loadAppConfig({ COSTCLOSE_SMTP_TLS_REJECT_UNAUTHORIZED: 'no' })).toThrow(/COSTCLOSE_SMTP_TLS_REJECT_UNAUTHORIZED must be true or false/);
  });

  it('vacuums the Applied Entry to Adjust list after 10,000 flags unless told otherwise (0: never)', () => {
    expect(loadAppConfig({}).adjustment).toEqual({ queueVacuumFlags: 10_000 });
    expect(loadAppConfig({ COSTCLOSE_ADJUST_QUEUE_VACUUM_FLAGS: '0' }).adjustment.queueVacuumFlags).toBe(0);
    expect(loadAppConfig({ COSTCLOSE_ADJUST_QUEUE_VACUUM_FLAGS: '250' }).adjustment.queueVacuumFlags).toBe(250);
    expect(() => loadAppConfig({ COSTCLOSE_ADJUST_QUEUE_VACUUM_FLAGS: '-1' })).toThrow("COSTCLOSE_ADJUST_QUEUE_VACUUM_FLAGS must be a whole number, not '-1'");
  });
});
