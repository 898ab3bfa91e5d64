import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ScheduledTask, Scheduler } from '../common/scheduler';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EmailDeliveryService } from './email-delivery.service';
import { MailTransport } from './mail-transport';

/**
 * Sends due e-mail in the background: every COSTCLOSE_MAIL_OUTBOX_INTERVAL_SECONDS (0 = off; no
 * timer either while no SMTP host is configured, so scenario runs and benchmarks without e-mail
 * settings keep no timer), and whenever `kick()` asks (the close pipeline, right after enqueueing). One round at a time;
 * a kick during a round runs one more round after it. On shutdown it stops ticking and waits for
 * the round in flight, so nothing touches the database after it closes.
 */
@Injectable()
export class EmailOutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EmailOutbox');
  private task: ScheduledTask | null = null;
  private round: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deliveries: EmailDeliveryService,
    private readonly scheduler: Scheduler,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'mail'>,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.mail.outboxIntervalSeconds;
    if (seconds > 0 && this.transport.configured) this.task = this.scheduler.every(seconds * 1000, () => this.kick());
  }

  /** Starts a round unless one is running (then one more follows it); returns at once. */
  kick(): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.deliveries
      .deliverDue()
      .then(
        () => undefined,
        (e: unknown) => this.logger.error(`E-mail outbox round failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
      )
      .finally(() => {
        this.round = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no round is running (tests, and a pipeline that wants to report the outcome). */
  async idle(): Promise<void> {
    while (this.round) await this.round;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.task?.cancel();
    this.task = null;
    await this.idle();
  }
}
