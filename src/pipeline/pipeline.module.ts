import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AdjustmentModule } from '../adjustment/adjustment.module';
import { EmailModule } from '../email/email.module';
import { PeriodCloseModule } from '../period-close/period-close.module';
import { PeriodPackageModule } from '../period-package/period-package.module';
import { PostingModule } from '../posting/posting.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { ReportsModule } from '../reports/reports.module';
import { CloseRunLock } from './close-run-lock';
import { CloseRunsController } from './close-runs.controller';
import { CloseRunsService } from './close-runs.service';
import { CloseRunsStore } from './close-runs.store';
import { PipelineRunner } from './pipeline-runner';
import { RunOutputStore } from './run-output-store';
import { ScheduleRegistrar } from './schedule-registrar';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';
import { SchedulesStore } from './schedules.store';
import { AdjustStep } from './steps/adjust.step';
import { CloseStep } from './steps/close.step';
import { EmailStep } from './steps/email.step';
import { PackageStep } from './steps/package.step';
import { PostStep } from './steps/post.step';
import { ReconcileStep } from './steps/reconcile.step';
import { ReportsStep } from './steps/reports.step';

/**
 * The period-close pipeline: one provider per step, the runner that orders them and records every
 * run, the schedules admins configure and the cron jobs that enqueue their ticks.
 */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    AdjustmentModule,
    PostingModule,
    ReconciliationModule,
    PeriodCloseModule,
    ReportsModule,
    PeriodPackageModule,
    EmailModule,
  ],
  controllers: [CloseRunsController, SchedulesController],
  providers: [
    CloseRunLock,
    CloseRunsStore,
    SchedulesStore,
    RunOutputStore,
    PipelineRunner,
    CloseRunsService,
    SchedulesService,
    ScheduleRegistrar,
    AdjustStep,
    PostStep,
    ReconcileStep,
    CloseStep,
    ReportsStep,
    PackageStep,
    EmailStep,
  ],
  exports: [CloseRunsService, SchedulesService, ScheduleRegistrar, PipelineRunner],
})
export class PipelineModule {}
