import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config/app-config';
import { AdjustmentModule } from './adjustment/adjustment.module';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EmailModule } from './email/email.module';
import { ItemJournalModule } from './item-journal/item-journal.module';
import { LedgersModule } from './ledgers/ledgers.module';
import { PeriodCloseModule } from './period-close/period-close.module';
import { PeriodPackageModule } from './period-package/period-package.module';
import { PostingModule } from './posting/posting.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { SetupModule } from './setup/setup.module';
import { ValuationModule } from './valuation/valuation.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  migrate: boolean;
}

/**
 * The service, module by module in pipeline order: setup and master data, the item journal
 * posting to the ledgers, the ledgers' queries; later stages register here as they are built.
 */
@Module({})
export class AppModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({ url: options.databaseUrl, migrate: options.migrate }),
        SetupModule,
        ItemJournalModule,
        ValuationModule,
        AdjustmentModule,
        PostingModule,
        PeriodCloseModule,
        ReconciliationModule,
        PeriodPackageModule,
        EmailModule,
        LedgersModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Until authentication exists, every request acts as the configured system user.
    const userId = this.config.systemUserId;
    consumer
      .apply((req: Request & { user?: { id: string } }, _res: Response, next: NextFunction) => {
        req.user ??= { id: userId };
        next();
      })
      .forRoutes('*path');
  }
}
