import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { EmailDeliveryService } from '../../email/email-delivery.service';
import { EmailOutboxWorker } from '../../email/email-outbox.worker';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../database/sql-session';
import { loadCostingSetup } from '../../setup/costing-setup';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';
import type { WrittenReport } from './reports.step';

/**
 * The PDFs to finance: one delivery per recipient, recorded (and idempotent) per run, then handed
 * to the outbox. Sending happens there, with retries; the close never waits for the mail server.
 */
@Injectable()
export class EmailStep implements PipelineStep {
  readonly name = 'email' as const;

  constructor(
    private readonly orm: MikroORM,
    private readonly deliveries: EmailDeliveryService,
    private readonly outbox: EmailOutboxWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(ctx: StepContext): Promise<StepResult> {
    if (ctx.run.dryRun) return { status: 'skipped', reason: 'dry run: nothing is sent' };
    if (ctx.run.recipients.length === 0) return { status: 'skipped', reason: 'the run has no recipients' };
    const reports = ((ctx.outputOf('reports').files ?? []) as WrittenReport[]).filter((f) => f.name.endsWith('.pdf'));
    const pkg = ctx.outputOf('package');
    const reconciliation = ctx.outputOf('reconcile');
    const setup = await withSession(this.orm, (sql) => loadCostingSetup(sql, ctx.run.requestedBy));
    const queued = await this.deliveries.enqueuePeriodClose({
      runId: ctx.run.id,
      recipients: ctx.run.recipients,
      company: setup.companyName,
      periodStartingDate: ctx.run.period.startingDate,
      periodEndingDate: ctx.run.period.endingDate,
      reconciliation: { clean: reconciliation.clean === true, difference: String(reconciliation.inventoryDifference ?? '0') },
      attachments: reports.map((r) => ({ fileName: r.name, path: r.path, contentType: r.contentType })),
      packageFileName: String(pkg.fileName),
    });
    // Sent by the outbox worker (now, if it runs in this process), retried there; never awaited here.
    if (this.config.mail.host) this.outbox.kick();
    return {
      status: 'done',
      counts: { recipients: queued.deliveries.length, attachments: queued.attached ? reports.length : 0 },
      output: { deliveries: queued.deliveries, attached: queued.attached },
    };
  }
}
