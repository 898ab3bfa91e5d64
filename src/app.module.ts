import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { AccessModule } from './access/access.module';
import { AdjustmentModule } from './adjustment/adjustment.module';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EmailModule } from './email/email.module';
import { ItemJournalModule } from './item-journal/item-journal.module';
import { LedgersModule } from './ledgers/ledgers.module';
import { PeriodCloseModule } from './period-close/period-close.module';
import { PeriodPackageModule } from './period-package/period-package.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { PostingModule } from './posting/posting.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { ReportsModule } from './reports/reports.module';
import { SetupModule } from './setup/setup.module';
import { ValuationModule } from './valuation/valuation.module';
import { AssemblyModule } from './assembly/assembly.module';
import { ProductionModule } from './production/production.module';
import { JobsModule } from './jobs/jobs.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  migrate: boolean;
}

/**
 * The service, module by module in pipeline order: setup and master data, the item journal
 * posting to the ledgers, the ledgers' queries; later stages register here as they are built.
 * Access (users, tokens, the guard on every route, the audit log) comes first: every request
 * passes it, and any module may record to the audit log.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({ url: options.databaseUrl, migrate: options.migrate }),
        // The job queue and this process's worker (issue 13), for any module to hand work out.
        JobsModule,
        AccessModule,
        SetupModule,
        ItemJournalModule,
        ValuationModule,
        AssemblyModule,
        ProductionModule,
        AdjustmentModule,
        PostingModule,
        PeriodCloseModule,
        ReconciliationModule,
        ReportsModule,
        PeriodPackageModule,
        EmailModule,
        PipelineModule,
        DemoModule,
        LedgersModule,
        // The web console's pages at / (issue 14), after every API route.
        ConsoleModule,
      ],
    };
  }
}
