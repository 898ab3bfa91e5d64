import { Module } from '@nestjs/common';
import { LedgersModule } from '../ledgers/ledgers.module';
import { PeriodCloseModule } from '../period-close/period-close.module';
import { PeriodPackageModule } from '../period-package/period-package.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { ReportsModule } from '../reports/reports.module';
import { ConsoleAdminController } from './console-admin.controller';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page';
import { ConsolePagesController } from './console-pages.controller';
import { ConsoleViews } from './console-views';
import { ConsoleRepository } from './console.repository';
import { ConsoleService } from './console.service';

/**
 * The web console (issue 14): server-rendered pages at `/` on the same service, for finance,
 * auditors and admins. Sessions and the CSRF check live in the access module (the guard); the
 * Express side (cookie, forms, static files) is installed by installConsoleHttp.
 */
@Module({
  imports: [PeriodCloseModule, PipelineModule, ReconciliationModule, ReportsModule, PeriodPackageModule, LedgersModule],
  controllers: [ConsoleAuthController, ConsolePagesController, ConsoleAdminController],
  providers: [ConsoleViews, ConsolePage, ConsoleService, ConsoleRepository, ConsoleExceptionFilter],
})
export class ConsoleModule {}
