import { Module } from '@nestjs/common';
import { FileStore } from './file-store';
import { PeriodPackageController } from './period-package.controller';
import { PeriodPackageService } from './period-package.service';

/** The auditor package per closed period (issue #6): built by the close pipeline, downloaded here. */
@Module({
  controllers: [PeriodPackageController],
  providers: [FileStore, PeriodPackageService],
  exports: [FileStore, PeriodPackageService],
})
export class PeriodPackageModule {}
